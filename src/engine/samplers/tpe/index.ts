// The TPE sampler and its options; the pieces stay private to this folder.
export { TpeSampler, type TpeOptions } from './tpeSampler';

// What the TensorFlow.js trial host leaves in the trial folder for the tuner
// (trial_host.json): the backend and device it got, what it tried first, and
// why it failed when it did. Shared by the host (dist/trialHost.js) and the
// tuner, so it imports nothing.

export const TRIAL_HOST_RECORD = 'trial_host.json';

/** The backends in the order the host tries them (HYPERLENS_TF_BACKEND may narrow or reorder). */
export const BACKEND_KINDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

export interface BackendInfo {
  kind: BackendKind;
  /** TensorFlow.js's own name for it: `tensorflow` (tfjs-node, tfjs-node-gpu), `wasm` or `cpu`. */
  backend: string;
  device: 'gpu' | 'cpu';
  /** The npm package that provided it, e.g. `@tensorflow/tfjs-backend-wasm`. */
  package: string;
  version?: string;
  /** Found from the annotated file's folder upwards, or in Hyperlens's own node_modules. */
  from: 'workspace' | 'hyperlens';
  /** Said when tfjs-node-gpu found no GPU and runs on the CPU. */
  warning?: string;
}

export interface TrialHostRecord {
  backend?: BackendInfo;
  /** Backends that did not load before the one used (or before giving up), with why. */
  tried?: string[];
  /** Set when the host failed: no backend, a module that does not load, a missing export, train() threw. */
  error?: string;
}

export const CUDA_REQUIREMENT = '@tensorflow/tfjs-node-gpu 4.x binds libtensorflow 2.9.1, which needs CUDA 11.2 and cuDNN 8.1';

/**
 * What tfjs-node-gpu's native library printed when it found no usable CUDA:
 * it says so on stderr and then runs on the CPU without an error. Undefined
 * when the output shows a GPU device, or nothing about GPUs at all.
 */
export function gpuFallbackFromOutput(output: string): string | undefined {
  if (/Created (TensorFlow )?device \S*device:GPU:\d/.test(output)) return undefined;
  const missing = [...new Set([...output.matchAll(/Could not load dynamic library '([^']+)'/g)].map((m) => m[1]))];
  const cuInit = /failed call to cuInit: ([^\r\n]+)/.exec(output)?.[1]?.trim();
  const skipped = /Cannot dlopen some GPU libraries|Skipping registering GPU devices/.test(output);
  if (missing.length === 0 && !cuInit && !skipped) return undefined;
  const why = missing.length > 0 ? `it could not load ${missing.join(', ')}` : cuInit ? `cuInit failed (${cuInit})` : 'it could not load the GPU libraries';
  return `@tensorflow/tfjs-node-gpu runs on the CPU: ${why}. ${CUDA_REQUIREMENT}; with another CUDA it falls back to the CPU silently.`;
}

/**
 * The trial's user attributes from the host's record and the head of its
 * stderr: `tf_backend`, `tf_device`, `tf_package` and, for the silent CPU
 * fallback of tfjs-node-gpu, `tf_warning`.
 */
export function backendAttrs(record: TrialHostRecord, stderrHead = ''): Record<string, string> {
  const b = record.backend;
  if (!b) return {};
  const attrs: Record<string, string> = {
    tf_backend: b.backend,
    tf_device: b.device,
    tf_package: `${b.package}${b.version ? `@${b.version}` : ''} (${b.from})`,
  };
  if (b.kind === 'tfjs-node-gpu') {
    const fromOutput = gpuFallbackFromOutput(stderrHead);
    if (fromOutput) {
      attrs.tf_device = 'cpu';
      attrs.tf_warning = fromOutput;
    } else if (b.device === 'cpu') {
      attrs.tf_warning = b.warning ?? `@tensorflow/tfjs-node-gpu found no GPU and runs on the CPU. ${CUDA_REQUIREMENT}.`;
    }
  }
  return attrs;
}

// What the tuner makes of the trial host's record: tf_* attributes, and the
// silent CPU fallback of tfjs-node-gpu, found in libtensorflow's own output.
import test from 'node:test';
import assert from 'node:assert/strict';
import { backendAttrs, gpuFallbackFromOutput, type BackendInfo } from '../../../src/trialHost/record';

// What libtensorflow 2.9 prints without CUDA 11 (for example on a CUDA 12 machine).
const NO_CUDA11 = [
  "2026-11-22 10:00:00.000001: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or directory",
  "2026-11-22 10:00:00.000002: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory",
  "2026-11-22 10:00:00.000003: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or directory",
  '2026-11-22 10:00:00.000004: W tensorflow/core/common_runtime/gpu/gpu_device.cc:1850] Cannot dlopen some GPU libraries. Please make sure the missing libraries mentioned above are installed properly if you would like to use GPU. Follow the guide at https://www.tensorflow.org/install/gpu for how to download and setup the required libraries for your platform.',
  'Skipping registering GPU devices...',
].join('\n');
const NO_DEVICE = '2026-11-22 10:00:00.000001: E tensorflow/stream_executor/cuda/cuda_driver.cc:271] failed call to cuInit: CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected\n';
const ON_GPU =
  '2026-11-22 10:00:00.000001: I tensorflow/core/common_runtime/gpu/gpu_device.cc:1532] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 78911 MB memory:  -> device: 0, name: NVIDIA H100 80GB HBM3, pci bus id: 0000:19:00.0, compute capability: 9.0\n';

test('the CPU fallback is read from what libtensorflow printed', () => {
  assert.equal(
    gpuFallbackFromOutput(NO_CUDA11),
    '@tensorflow/tfjs-node-gpu runs on the CPU: it could not load libcudart.so.11.0, libcudnn.so.8. @tensorflow/tfjs-node-gpu 4.x binds libtensorflow 2.9.1, which needs CUDA 11.2 and cuDNN 8.1; with another CUDA it falls back to the CPU silently.',
  );
  assert.match(gpuFallbackFromOutput(NO_DEVICE) ?? '', /runs on the CPU: cuInit failed \(CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected\)/);
  assert.match(gpuFallbackFromOutput('Skipping registering GPU devices...\n') ?? '', /could not load the GPU libraries/);
  assert.equal(gpuFallbackFromOutput(ON_GPU), undefined);
  assert.equal(gpuFallbackFromOutput(''), undefined);
  assert.equal(gpuFallbackFromOutput('epoch 1 done\n'), undefined);
});

const info = (over: Partial<BackendInfo>): BackendInfo => ({
  kind: 'wasm',
  backend: 'wasm',
  device: 'cpu',
  package: '@tensorflow/tfjs-backend-wasm',
  version: '4.22.0',
  from: 'hyperlens',
  ...over,
});

test('the attributes: backend, device and package; a warning only for tfjs-node-gpu on the CPU', () => {
  assert.deepEqual(backendAttrs({ backend: info({}) }), { tf_backend: 'wasm', tf_device: 'cpu', tf_package: '@tensorflow/tfjs-backend-wasm@4.22.0 (hyperlens)' });
  assert.deepEqual(backendAttrs({}), {});
  const gpu = info({ kind: 'tfjs-node-gpu', backend: 'tensorflow', device: 'gpu', package: '@tensorflow/tfjs-node-gpu', from: 'workspace' });
  assert.deepEqual(backendAttrs({ backend: gpu }, ON_GPU), { tf_backend: 'tensorflow', tf_device: 'gpu', tf_package: '@tensorflow/tfjs-node-gpu@4.22.0 (workspace)' });
  // The output says it fell back even if the binding's flag said otherwise.
  const fellBack = backendAttrs({ backend: gpu }, NO_CUDA11);
  assert.equal(fellBack.tf_device, 'cpu');
  assert.match(fellBack.tf_warning, /could not load libcudart\.so\.11\.0/);
  // No telling output (TF_CPP_MIN_LOG_LEVEL=3), but no GPU device: still a warning.
  const quiet = backendAttrs({ backend: { ...gpu, device: 'cpu', warning: 'no GPU' } }, '');
  assert.deepEqual([quiet.tf_device, quiet.tf_warning], ['cpu', 'no GPU']);
  // tfjs-node (the CPU build) on the CPU is no surprise.
  assert.equal(backendAttrs({ backend: info({ kind: 'tfjs-node', backend: 'tensorflow', package: '@tensorflow/tfjs-node' }) }, NO_CUDA11).tf_warning, undefined);
});

// One annotated config per host language, each with comments, odd spacing,
// unicode in a comment before a value, and every distribution form. The
// tests also run each one with CRLF line endings.

import type { HostLanguage } from '../../../src/annotations';

export interface Fixture {
  file: string;
  language: HostLanguage;
  text: string;
  /** How many annotated values parse without error. */
  count: number;
}

const yaml = `# Training config — größe → 🚀 (unicode before a value)
# @tune.command python train.py --config {config}
# @tune.objective val_loss min
model:
  name:   resnet   # @tune choice(resnet, vit, "mlp: small", "true")
  depth: 18        # @tune int(10, 50, step=2)
  width:  64 # @tune int(16, 1024, log)
  dropout: 0.1     #   @tune   float(0, 0.5, step=0.05)
optimizer:
    lr: 1.0e-3     # @tune float(1e-9, 1e-1, log)
    momentum: 0.9  # @tune float(0.5, 0.999)
    nesterov: true # @tune choice(true, false)
    tag: 'a b'     # @tune choice('a b', "it's", plain, 'yes')
    sched: null    # @tune choice(null, cosine, 3, 0.5)
    shift: -3      # @tune int(-10, 10)
layers:
  - 64             # @tune int(8, 512)
  - {a: 1}
epochs: 27         # @tune fidelity(1, 27)
seed: 7            # @tune fixed
"quoted key": 0.5  # @tune float(-1, 1)
text: |
  # @tune.trials 3  (inside a block scalar: not a directive)
  lr: 5  # @tune float(0, 1)
after: 1
`;

const toml = `# Ünïcödé comment → ✓ before a value
# @tune.objective val_loss min
title = "run # not a comment"   # plain comment
epochs = 27                     # @tune fidelity(1, 27)

[optimizer]
lr = 1e-3          # @tune float(1e-9, 1e-1, log)
weight_decay = 0.0 # @tune float(0, 0.1)
momentum=0.9#@tune float(0.5, 0.999)
name = 'adam'      # @tune choice('adam', "sgd", "it's")
amsgrad = false    # @tune choice(true, false)
batch = 1_024      # @tune int(16, 4096, log)
shift = -3         # @tune int(-10, 10)

[model.encoder]
layers = 4 # @tune int(2, 12, step=2)
act = "relu" # @tune choice("relu", "gelu", "tab\\there", 2.5)
sizes = [
  64,   # @tune int(8, 512)
  128,
]
seed = 3 # @tune fixed
`;

const json = `// Ünïcode → 🚀 comment before values
// @tune.objective accuracy max
// @tune.objective latency_ms minimize
{
  "url": "http://x // not a comment",
  "optimizer": {
    "lr": 0.001,        // @tune float(1e-9, 1e-1, log)
    "betas": [0.9,      /* @tune float(0.5, 0.99) */
              0.999],
    "name": "adam"      // @tune choice("adam", "sgd", "say \\"hi\\"", null)
  },
  "batch":64,// @tune choice(32, 64, 128, 0.5)
  "amp": true, // @tune choice(true, false, null)
  "epochs": 27, // @tune fidelity(1, 27)
  "layers": 4, // @tune int(1, 8)
  "shift": -3, // @tune float(-10, 10)
  "seed": 1, // @tune fixed
}
`;

const python = `# Ünïcode → 🚀 comment before a value
"""Docstring with # @tune float(0, 1) that is not a comment."""
# @tune.command python train.py {args}
lr = 1e-3  # @tune float(1e-9, 1e-1, log)
batch_size: int = 64  # @tune int(16, 256, log)
optimizer = 'adam'  # @tune choice('adam', "sgd", None)
use_amp = True  # @tune choice(True, False)
dropout=0.1#@tune float(0.0, 0.5, step=0.05)
shift = -3  # @tune int(-10, 10)
CONFIG = {
    "model": {"depth": 18},  # @tune int(10, 50, step=2)
    "act": "relu",  # @tune choice("relu", "gelu", 'it\\'s')
}
trainer = dict(
    epochs=27,  # @tune fidelity(1, 27)
    seed=0,  # @tune fixed
    warmup = 1_000,  # @tune int(0, 10_000)
)
class Model:
    def __init__(self):
        self.width = 64  # @tune int(16, 1024)
`;

const env = `# Ünïcode → 🚀 comment before a value
# @tune.trials 20 @tune.parallel 2
export LR=0.001   # @tune float(1e-9, 1e-1, log)
BATCH=64 # @tune int(16, 256)
OPTIMIZER="adam"  # @tune choice(adam, sgd, "two words")
MODE='fast' # @tune choice(fast, slow)
SHIFT=-3 # @tune int(-10, 10)
EPOCHS=27  # @tune fidelity(1, 27)
DROPOUT = 0.25 # @tune float(0, 0.5)
URL=http://host#frag  # a # inside a value is not a comment
python train.py "--x # y"  # a plain shell line
`;

const ini = `; Ünïcode → 🚀 comment before a value
# @tune.sampler tpe
top = 1 ; @tune int(0, 3)
[train]
lr = 0.001    # @tune float(1e-9, 1e-1, log)
optimizer: adam ; @tune choice(adam, sgd, "two words")
name = "quoted" # @tune choice(quoted, "other one")
shift = -3 # @tune int(-10, 10)
[model.enc]
layers=4#not a comment without a blank before it
depth = 18  # @tune int(10, 50, step=2)
`;

export const fixtures: Fixture[] = [
  { file: 'config.yaml', language: 'yaml', text: yaml, count: 14 },
  { file: 'config.toml', language: 'toml', text: toml, count: 12 },
  { file: 'config.jsonc', language: 'json', text: json, count: 9 },
  { file: 'config.py', language: 'python', text: python, count: 12 },
  { file: 'train.env', language: 'env', text: env, count: 7 },
  { file: 'config.ini', language: 'ini', text: ini, count: 6 },
];

/** The same fixtures with Windows line endings. */
export const crlfFixtures: Fixture[] = fixtures.map((f) => ({ ...f, file: `crlf-${f.file}`, text: f.text.replace(/\n/g, '\r\n') }));

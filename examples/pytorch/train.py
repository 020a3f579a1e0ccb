"""Trains an MLP with PyTorch, on a GPU when there is one, as a Hyperlens trial.

    python3 train.py

Values come from config.yaml next to this file, overridden by the trial's
parameters (hyperlens.params(), i.e. HYPERLENS_PARAMS) when Hyperlens runs
it. Each epoch it reports val_loss, val_acc and train_loss with
hyperlens.report() and checks hyperlens.should_stop() (a pruned trial, or the
end of a population-based training segment). At the end it saves model and
optimizer to hyperlens.checkpoint_dir(); given hyperlens.restore_path() (a
promoted ASHA trial, a PBT member) it resumes from there. A diverged run
reports val_loss NaN (Hyperlens fails the trial); a bad value exits 2.

The data are three noisy spirals made from a fixed seed: put your own
DataLoader in make_data() and keep the rest.
"""

import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import hyperlens
except ImportError:  # running from the Hyperlens repository: use its copy
    sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
    import hyperlens

import torch
from torch import nn

CHECKPOINT = "model.pt"
# Fixed, not tunable: every trial must see the same points.
DATA_SEED = 1234
POINTS_PER_CLASS = 1000
CLASSES = 3
DATA_NOISE = 0.4
VALIDATION_FRACTION = 0.2


def fail(message):
    print("train.py: " + message, file=sys.stderr)
    sys.exit(2)


def read_flat_yaml(path):
    """`key: value` lines of a flat YAML file -> dict (numbers and strings)."""
    values = {}
    with open(path, "r", encoding="utf-8") as f:
        for line in f:
            body = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
            if not body or body.startswith("#") or ":" not in body:
                continue
            key, _, text = body.partition(":")
            text = text.strip().strip("'\"")
            for kind in (int, float):
                try:
                    values[key.strip()] = kind(text)
                    break
                except ValueError:
                    pass
            else:
                values[key.strip()] = text
    return values


def settings():
    values = read_flat_yaml(os.path.join(HERE, "config.yaml"))
    values.update(hyperlens.params())
    s = {}
    try:
        s["lr"] = float(values["lr"])
        s["width"] = int(values["width"])
        s["depth"] = int(values["depth"])
        s["dropout"] = float(values["dropout"])
        s["weight_decay"] = float(values["weight_decay"])
        s["batch_size"] = int(values["batch_size"])
        s["epochs"] = int(values["epochs"])
        s["seed"] = int(values.get("seed", 0))
    except (KeyError, TypeError, ValueError) as e:
        fail("bad or missing value: %r" % (e,))
    if not s["lr"] > 0:
        fail("lr must be positive (got %r)" % s["lr"])
    if not 0 <= s["dropout"] < 1:
        fail("dropout must be in [0, 1) (got %r)" % s["dropout"])
    for k in ("width", "depth", "batch_size", "epochs"):
        if s[k] < 1:
            fail("%s must be at least 1 (got %r)" % (k, s[k]))
    return s


def make_data(device):
    """Three interleaved noisy spirals in 2-D -> (x_train, y_train, x_val, y_val) on `device`."""
    g = torch.Generator().manual_seed(DATA_SEED)
    xs, ys = [], []
    for c in range(CLASSES):
        r = torch.linspace(0.05, 1.0, POINTS_PER_CLASS)
        theta = r * 4.0 + c * 2.0 * math.pi / CLASSES + torch.randn(POINTS_PER_CLASS, generator=g) * DATA_NOISE
        xs.append(torch.stack([r * torch.sin(theta), r * torch.cos(theta)], dim=1))
        ys.append(torch.full((POINTS_PER_CLASS,), c, dtype=torch.long))
    x, y = torch.cat(xs), torch.cat(ys)
    order = torch.randperm(len(y), generator=g)
    x, y = x[order], y[order]
    n_val = int(len(y) * VALIDATION_FRACTION)
    return x[n_val:].to(device), y[n_val:].to(device), x[:n_val].to(device), y[:n_val].to(device)


def build_model(s):
    layers, width_in = [], 2
    for _ in range(s["depth"]):
        layers += [nn.Linear(width_in, s["width"]), nn.ReLU(), nn.Dropout(s["dropout"])]
        width_in = s["width"]
    layers.append(nn.Linear(width_in, CLASSES))
    return nn.Sequential(*layers)


def evaluate(model, x, y, loss_fn):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        return loss_fn(logits, y).item(), (logits.argmax(dim=1) == y).float().mean().item()


def main():
    s = settings()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(s["seed"])
    x_train, y_train, x_val, y_val = make_data(device)
    model = build_model(s).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=s["lr"], weight_decay=s["weight_decay"])
    loss_fn = nn.CrossEntropyLoss()

    done = 0
    restore = hyperlens.restore_path()
    if restore and os.path.exists(os.path.join(restore, CHECKPOINT)):
        saved = torch.load(os.path.join(restore, CHECKPOINT), map_location=device)
        try:
            model.load_state_dict(saved["model"])
            optimizer.load_state_dict(saved["optimizer"])
            done = saved["epoch"]
            print("resumed from %s after epoch %d" % (restore, done), flush=True)
        except RuntimeError:  # another width or depth: start afresh
            print("checkpoint in %s does not fit this network; starting afresh" % restore, flush=True)
        for group in optimizer.param_groups:  # PBT may have changed them
            group["lr"], group["weight_decay"] = s["lr"], s["weight_decay"]

    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    print("MLP 2-%s-3, lr %g, dropout %g, batch %d, on %s (torch %s)"
          % ("-".join([str(s["width"])] * s["depth"]), s["lr"], s["dropout"], s["batch_size"], name, torch.__version__), flush=True)

    hyperlens.should_stop()  # from here on a SIGTERM ends the trial after the current epoch
    order_gen = torch.Generator().manual_seed(s["seed"])
    epoch = done
    while epoch < s["epochs"]:
        epoch += 1
        model.train()
        order = torch.randperm(len(y_train), generator=order_gen).to(device)
        total, count = 0.0, 0
        for start in range(0, len(order), s["batch_size"]):
            batch = order[start:start + s["batch_size"]]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
            count += len(batch)
        val_loss, val_acc = evaluate(model, x_val, y_val, loss_fn)
        hyperlens.report(step=epoch, val_loss=val_loss, val_acc=val_acc, train_loss=total / count)
        if not math.isfinite(val_loss):
            break
        if hyperlens.should_stop():
            print("stop requested after epoch %d" % epoch, flush=True)
            break

    path = os.path.join(hyperlens.checkpoint_dir(), CHECKPOINT)
    torch.save({"epoch": epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict()}, path + ".tmp")
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()

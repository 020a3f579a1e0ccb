"""Trains a one-hidden-layer MLP on the two-moons data set in pure Python.

Standard library only, so it runs anywhere Python 3.8+ does:

    python3 train.py

Values come from config.yaml next to this file, overridden by the trial's
parameters (hyperlens.params(), i.e. HYPERLENS_PARAMS) when Hyperlens runs it.
After each epoch it reports val_loss and val_acc with hyperlens.report(),
saves a checkpoint, and stops early when hyperlens.should_stop() says so. A
diverged run reports val_loss NaN and stops (exit 0; Hyperlens marks the
trial failed). A bad value exits 2 with a message naming it.
"""

import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import hyperlens
except ImportError:  # running from the Hyperlens repository: use its copy
    sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
    import hyperlens

# Fixed, not tunable: every trial must see the same points.
DATA_SEED = 1234
DATA_POINTS = 1000
DATA_NOISE = 0.25
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
            try:
                values[key.strip()] = int(text)
            except ValueError:
                try:
                    values[key.strip()] = float(text)
                except ValueError:
                    values[key.strip()] = text
    return values


def settings_from(values):
    """Checks the values the loop needs; exits 2 with the field at fault."""

    def number(name, low, integer=False, allow_equal=True):
        v = values.get(name)
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        ok = ok and (v >= low if allow_equal else v > low) and (not integer or float(v).is_integer())
        if not ok:
            kind = "a whole number" if integer else "a number"
            sign = ">=" if allow_equal else ">"
            fail("%s must be %s %s %s, got %r" % (name, kind, sign, low, v))
        return int(v) if integer else float(v)

    return {
        "lr": number("lr", 0, allow_equal=False),
        "momentum": number("momentum", 0),
        "hidden": number("hidden", 1, integer=True),
        "weight_decay": number("weight_decay", 0),
        "batch_size": number("batch_size", 1, integer=True),
        "epochs": number("epochs", 1, integer=True),
        "seed": number("seed", 0, integer=True),
    }


def two_moons(n, noise, rng):
    """Two interleaved half circles with Gaussian noise; labels 0 and 1."""
    points = []
    for i in range(n):
        label = i % 2
        t = math.pi * rng.random()
        if label == 0:
            x, y = math.cos(t), math.sin(t)
        else:
            x, y = 1 - math.cos(t), 0.5 - math.sin(t)
        points.append(((x + rng.gauss(0, noise) - 0.5) / 1.5, (y + rng.gauss(0, noise) - 0.25) / 1.5, label))
    return points


class Mlp:
    """2 inputs -> `hidden` tanh units -> 1 sigmoid output."""

    def __init__(self, hidden, rng):
        self.w1 = [[rng.gauss(0, 1 / math.sqrt(2)) for _ in range(2)] for _ in range(hidden)]
        self.b1 = [0.0] * hidden
        self.w2 = [rng.gauss(0, 1 / math.sqrt(hidden)) for _ in range(hidden)]
        self.b2 = 0.0

    def forward(self, x, y):
        h = [math.tanh(w[0] * x + w[1] * y + b) for w, b in zip(self.w1, self.b1)]
        z = sum(w * a for w, a in zip(self.w2, h)) + self.b2
        return h, z

    def to_json(self):
        return {"w1": self.w1, "b1": self.b1, "w2": self.w2, "b2": self.b2}

    def load(self, state):
        self.w1, self.b1, self.w2, self.b2 = state["w1"], state["b1"], state["w2"], state["b2"]


def bce_from_logit(z, label):
    """Binary cross-entropy of sigmoid(z), computed without overflow."""
    if z >= 0:
        return math.log1p(math.exp(-z)) + (1 - label) * z
    return math.log1p(math.exp(z)) - label * z


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def evaluate(model, points):
    loss = 0.0
    correct = 0
    for x, y, label in points:
        _, z = model.forward(x, y)
        loss += bce_from_logit(z, label)
        correct += (z > 0) == (label == 1)
    return loss / len(points), correct / len(points)


def train_step(model, velocity, batch, s):
    """One minibatch SGD step with momentum and L2 weight decay."""
    hidden = len(model.b1)
    g_w1 = [[0.0, 0.0] for _ in range(hidden)]
    g_b1 = [0.0] * hidden
    g_w2 = [0.0] * hidden
    g_b2 = 0.0
    loss = 0.0
    for x, y, label in batch:
        h, z = model.forward(x, y)
        loss += bce_from_logit(z, label)
        dz = sigmoid(z) - label
        g_b2 += dz
        for j in range(hidden):
            g_w2[j] += dz * h[j]
            dh = dz * model.w2[j] * (1 - h[j] * h[j])
            g_w1[j][0] += dh * x
            g_w1[j][1] += dh * y
            g_b1[j] += dh
    n = len(batch)
    lr, mu, wd = s["lr"], s["momentum"], s["weight_decay"]
    vw1, vb1, vw2 = velocity["w1"], velocity["b1"], velocity["w2"]
    for j in range(hidden):
        for k in range(2):
            vw1[j][k] = mu * vw1[j][k] + g_w1[j][k] / n + wd * model.w1[j][k]
            model.w1[j][k] -= lr * vw1[j][k]
        vb1[j] = mu * vb1[j] + g_b1[j] / n
        model.b1[j] -= lr * vb1[j]
        vw2[j] = mu * vw2[j] + g_w2[j] / n + wd * model.w2[j]
        model.w2[j] -= lr * vw2[j]
    velocity["b2"] = mu * velocity["b2"] + g_b2 / n
    model.b2 -= lr * velocity["b2"]
    return loss


def main():
    values = read_flat_yaml(os.path.join(HERE, "config.yaml"))
    values.update(hyperlens.params())
    s = settings_from(values)

    data_rng = random.Random(DATA_SEED)
    points = two_moons(DATA_POINTS, DATA_NOISE, data_rng)
    data_rng.shuffle(points)
    n_val = int(len(points) * VALIDATION_FRACTION)
    validation, train = points[:n_val], points[n_val:]

    model = Mlp(s["hidden"], random.Random(s["seed"]))
    velocity = {"w1": [[0.0, 0.0] for _ in range(s["hidden"])], "b1": [0.0] * s["hidden"], "w2": [0.0] * s["hidden"], "b2": 0.0}
    first_epoch = 1

    restore = hyperlens.restore_path()
    if restore:
        path = os.path.join(restore, "model.json") if os.path.isdir(restore) else restore
        with open(path, "r", encoding="utf-8") as f:
            state = json.load(f)
        model.load(state["model"])
        if len(model.b1) != s["hidden"]:
            fail("checkpoint %s has hidden=%d, config asks for %d" % (path, len(model.b1), s["hidden"]))
        velocity = state["velocity"]
        first_epoch = state["epoch"] + 1
        print("resumed from %s after epoch %d" % (path, state["epoch"]))

    print("training MLP 2-%d-1, lr %g, momentum %g, weight_decay %g, batch %d, %d epochs" % (
        s["hidden"], s["lr"], s["momentum"], s["weight_decay"], s["batch_size"], s["epochs"]))
    hyperlens.should_stop()  # installs the SIGTERM handler before the work starts
    for epoch in range(first_epoch, s["epochs"] + 1):
        # Each epoch's order depends only on (seed, epoch), so a resumed run
        # continues exactly as an uninterrupted one would.
        order = list(train)
        random.Random(s["seed"] * 1000003 + epoch).shuffle(order)
        train_loss = 0.0
        for start in range(0, len(order), s["batch_size"]):
            train_loss += train_step(model, velocity, order[start:start + s["batch_size"]], s)
        val_loss, val_acc = evaluate(model, validation)
        hyperlens.report(step=epoch, val_loss=val_loss, val_acc=val_acc, train_loss=train_loss / len(train))
        print("epoch %3d/%d  val_loss %.4f  val_acc %.1f%%" % (epoch, s["epochs"], val_loss, 100 * val_acc))
        if not math.isfinite(val_loss):
            print("diverged at epoch %d; stopping (try a smaller lr)" % epoch)
            return
        save_checkpoint(model, velocity, epoch)
        if hyperlens.should_stop():
            print("stop requested after epoch %d; stopping" % epoch)
            return


def save_checkpoint(model, velocity, epoch):
    """Writes model.json atomically, so a kill mid-write leaves the last good one."""
    folder = hyperlens.checkpoint_dir()
    state = {"epoch": epoch, "model": model.to_json(), "velocity": velocity}
    tmp = os.path.join(folder, "model.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f)
    os.replace(tmp, os.path.join(folder, "model.json"))


if __name__ == "__main__":
    main()

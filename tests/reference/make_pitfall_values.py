"""Record chapter 12's cheat sheet and the pitfalls of its "for today's users" from the real libraries.

Not run by the test suite (torch, transformers, keras, optax, accelerate, lightning and
schedulefree are not dependencies). To regenerate ``lrdecay_lessons/frameworks/data/pitfall_values.json``::

    python -m venv /tmp/rec-pitfalls
    /tmp/rec-pitfalls/bin/pip install torch==2.13.0 transformers==5.24.0 keras==3.15.1 optax==0.2.8 \
        jax==0.10.2 jaxlib==0.10.2 accelerate==1.16.0 lightning==2.6.6 schedulefree==1.4.1 \
        torch-lr-finder==0.2.2 httpx numpy
    # three older transformers beside it, without their dependencies (but with the tokenizers and
    # huggingface_hub each accepts):
    /tmp/rec-pitfalls/bin/pip install --no-deps --target /tmp/rec-tf440 transformers==4.40.2 tokenizers==0.19.1 \
        huggingface_hub==0.23.4 requests urllib3 idna charset_normalizer certifi
    /tmp/rec-pitfalls/bin/pip install --no-deps --target /tmp/rec-tf4 transformers==4.57.6 tokenizers==0.22.1 \
        "huggingface_hub<1.0" requests urllib3 idna charset_normalizer certifi
    /tmp/rec-pitfalls/bin/pip install --no-deps --target /tmp/rec-tf50 transformers==5.0.0 tokenizers==0.22.1 \
        "huggingface_hub>=1.3,<2"
    # and three more the same way: 5.2.0 (the release 5.0's warning names for warmup_ratio's removal) in
    # /tmp/rec-tf52, and 5.14.1 and 5.15.0 (the last that accepts it, the first that refuses it) in
    # /tmp/rec-tf514 and /tmp/rec-tf515
    # fastai without its dependencies (importing it needs torchvision): its lr_find defaults are read from its source
    /tmp/rec-pitfalls/bin/pip install --no-deps --target /tmp/rec-fastai fastai==2.8.12
    TF440=/tmp/rec-tf440 TF4=/tmp/rec-tf4 TF50=/tmp/rec-tf50 TF52=/tmp/rec-tf52 TF514=/tmp/rec-tf514 \
        TF515=/tmp/rec-tf515 FASTAI=/tmp/rec-fastai KERAS_BACKEND=torch \
        /tmp/rec-pitfalls/bin/python tests/reference/make_pitfall_values.py

``cheatsheet``: each snippet of :mod:`lrdecay_lessons.frameworks.cheatsheet`, its code *run as it
stands* with a tiny model and a loader of the snippet's sizes; ``rates[i]`` is the rate the
``i``-th optimizer update used (PyTorch: read by an optimizer step pre-hook; Keras:
``optimizer.learning_rate`` before each ``apply_gradients``; optax: ``schedule(count)``).
``code`` is the text that was run, so a test notices a snippet edited without re-recording.

``pitfalls``: one entry per pitfall, each what the real library did (rates, momenta,
messages), with the call that produced it in ``call``.
"""

from __future__ import annotations

import inspect
import json
import os
import platform
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import accelerate  # noqa: E402
import keras  # noqa: E402
import optax  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from torch.optim import lr_scheduler as L  # noqa: E402
from torch.optim.optimizer import register_optimizer_step_pre_hook  # noqa: E402

from lrdecay_lessons.frameworks.cheatsheet import SNIPPETS  # noqa: E402

keras.config.set_floatx("float64")
OUT = ROOT / "lrdecay_lessons" / "frameworks" / "data" / "pitfall_values.json"


def rounded(values):
    return [float(v) for v in values]


class StepRates:
    """The rate of group 0 at every ``optimizer.step()`` of any torch optimizer, while active."""

    def __enter__(self):
        self.rates = []
        self.handle = register_optimizer_step_pre_hook(
            lambda opt, args, kwargs: self.rates.append(float(opt.param_groups[0]["lr"])))
        return self

    def __exit__(self, *exc):
        self.handle.remove()


def torch_namespace(setting):
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    loader = [torch.randn(4, 2) for _ in range(setting["batches"])]
    return {"torch": torch, "model": model, "loader": loader, "epochs": setting["epochs"],
            "accum": setting.get("accum", 1), "compute_loss": lambda m, batch: m(batch).pow(2).mean()}


def record_torch(snippet):
    namespace = torch_namespace(snippet.setting)
    with StepRates() as seen:
        exec(snippet.code, namespace)  # noqa: S102 -- the snippet is the course's own text
    return seen.rates


def record_keras(snippet):
    namespace = {"keras": keras, "epochs": snippet.setting["epochs"], "steps_per_epoch": snippet.setting["batches"]}
    exec(snippet.code, namespace)  # noqa: S102
    optimizer, n = namespace["optimizer"], namespace["N"]
    variable = keras.Variable([0.0])
    optimizer.build([variable])
    rates = []
    for _ in range(n):
        rates.append(float(optimizer.learning_rate))
        optimizer.apply_gradients([(keras.ops.ones((1,)), variable)])
    return rates


def record_optax(snippet):
    namespace = {"optax": optax, "epochs": snippet.setting["epochs"], "steps_per_epoch": snippet.setting["batches"]}
    exec(snippet.code, namespace)  # noqa: S102
    optimizer, schedule, n = namespace["optimizer"], namespace["schedule"], namespace["N"]
    params = jax.numpy.zeros(1)
    state = optimizer.init(params)
    rates = []
    for _ in range(n):
        # the count of ScaleByScheduleState: the one the schedule is called with
        count = int(next(s for s in state if isinstance(s, optax.ScaleByScheduleState)).count)
        rates.append(float(schedule(count)))
        updates, state = optimizer.update(jax.numpy.ones(1), state, params)
        params = optax.apply_updates(params, updates)
    return rates


def record_lightning(snippet):
    import lightning

    namespace = {"torch": torch, "get_cosine_schedule_with_warmup": transformers.get_cosine_schedule_with_warmup}
    exec(snippet.code, namespace)  # noqa: S102
    setting = snippet.setting

    class Tiny(lightning.LightningModule):
        configure_optimizers = namespace["configure_optimizers"]

        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Linear(2, 1)

        def training_step(self, batch, batch_idx):
            return self.layer(batch).pow(2).mean()

    torch.manual_seed(0)
    data = [torch.randn(2) for _ in range(4 * setting["batches"])]
    loader = torch.utils.data.DataLoader(data, batch_size=4)
    trainer = lightning.Trainer(max_epochs=setting["epochs"], accumulate_grad_batches=setting["accum"],
                                accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                                enable_progress_bar=False, enable_model_summary=False)
    with StepRates() as seen:
        trainer.fit(Tiny(), loader)
    return seen.rates, lightning.__version__


def record_resume(snippet):
    setup, loop = SNIPPETS["pytorch"].code.split("for epoch in range(epochs):")
    cut = snippet.code.index("# when resuming")
    save, load = snippet.code[:cut], snippet.code[cut:]
    stop, setting = snippet.setting["stop_after"], snippet.setting

    def update(ns):
        batch = ns["loader"][0]
        ns["compute_loss"](ns["model"], batch).backward()
        ns["optimizer"].step()
        ns["scheduler"].step()
        ns["optimizer"].zero_grad()

    with tempfile.TemporaryDirectory() as tmp, StepRates() as seen:
        first = torch_namespace(setting)
        exec(setup, first)  # noqa: S102
        for _ in range(stop):
            update(first)
        first["path"] = os.path.join(tmp, "ckpt.pt")
        exec(save, first)  # noqa: S102
        second = torch_namespace(setting)
        second["path"] = first["path"]
        exec(setup, second)  # noqa: S102
        exec(load, second)  # noqa: S102
        for _ in range(second["N"] - stop):
            update(second)
    return seen.rates


def cheatsheet():
    out = {}
    for key, snippet in SNIPPETS.items():
        extra = {}
        if key in ("pytorch", "huggingface"):
            rates = record_torch(snippet)
        elif key == "keras":
            rates = record_keras(snippet)
        elif key == "optax":
            rates = record_optax(snippet)
        elif key == "lightning":
            rates, extra["lightning"] = record_lightning(snippet)
        else:
            rates = record_resume(snippet)
        out[key] = {"code": snippet.code, "setting": dict(snippet.setting), "rates": rounded(rates), **extra}
    return out


def sgd(lr=0.1, momentum=0.0, groups=None):
    params = groups or [torch.nn.Parameter(torch.zeros(1))]
    return torch.optim.SGD(params, lr=lr, momentum=momentum)


def caught(action):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            action()
            error = None
        except Exception as exc:  # noqa: BLE001 -- the message is what is recorded
            error = f"{type(exc).__name__}: {exc}"
    return error, [str(w.message) for w in seen]


def cycle_momentum():
    """CyclicLR / OneCycleLR with the default cycle_momentum=True on optimizers without momentum."""
    out = {}
    for name, make_opt, make_sched, read in [
        ("sgd_onecycle", lambda: sgd(), lambda o, c: L.OneCycleLR(o, max_lr=0.1, total_steps=20, cycle_momentum=c),
         lambda o: o.param_groups[0]["momentum"]),
        ("sgd_cyclic", lambda: sgd(0.01), lambda o, c: L.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=5,
                                                                   cycle_momentum=c),
         lambda o: o.param_groups[0]["momentum"]),
        ("adamw_onecycle", lambda: torch.optim.AdamW([torch.nn.Parameter(torch.zeros(1))], lr=0.1),
         lambda o, c: L.OneCycleLR(o, max_lr=0.1, total_steps=20, cycle_momentum=c),
         lambda o: o.param_groups[0]["betas"][0]),
    ]:
        entry = {}
        for flag in (True, False):
            opt = make_opt()
            before = float(read(opt))
            sched = make_sched(opt, flag)
            values = []
            for _ in range(20):
                values.append(float(read(opt)))
                opt.param_groups[0]["params"][0].grad = torch.ones(1)
                opt.step()
                sched.step()
            entry["default" if flag else "cycle_momentum_false"] = {"before": before, "during": values,
                                                                   "param": float(opt.param_groups[0]["params"][0].detach())}
        out[name] = entry
    out["sgd_onecycle"]["call"] = "OneCycleLR(SGD(params, lr=0.1), max_lr=0.1, total_steps=20)"
    out["sgd_cyclic"]["call"] = "CyclicLR(SGD(params, lr=0.01), base_lr=0.01, max_lr=0.1, step_size_up=5)"
    out["adamw_onecycle"]["call"] = "OneCycleLR(AdamW(params, lr=0.1), max_lr=0.1, total_steps=20)"
    out["defaults"] = {k: v.default for k, v in inspect.signature(L.OneCycleLR).parameters.items()
                       if k in ("cycle_momentum", "base_momentum", "max_momentum")}
    out["cyclic_defaults"] = {k: v.default for k, v in inspect.signature(L.CyclicLR).parameters.items()
                              if k in ("cycle_momentum", "base_momentum", "max_momentum")}
    return out


def keras_accumulation():
    """The steps a Keras optimizer passes to its schedule under gradient_accumulation_steps."""

    class Logged(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self):
            self.seen = []

        def __call__(self, step):
            self.seen.append(int(keras.ops.convert_to_numpy(step)))
            return 0.1

    schedule = Logged()
    optimizer = keras.optimizers.SGD(learning_rate=schedule, gradient_accumulation_steps=4)
    variable = keras.Variable([0.0])
    optimizer.build([variable])
    calls = []
    for batch in range(8):
        schedule.seen.clear()
        optimizer.apply_gradients([(keras.ops.ones((1,)), variable)])
        calls.append({"batch": batch, "schedule_steps": list(schedule.seen),
                      "iterations_after": int(keras.ops.convert_to_numpy(optimizer.iterations)),
                      "variable_after": float(keras.ops.convert_to_numpy(variable)[0])})
    return {"call": "SGD(learning_rate=schedule, gradient_accumulation_steps=4), 8 batches", "batches": calls}


def _accelerate_worker(split, path, legacy=False):
    if legacy:  # the pre-1.0 keyword argument, still accepted by the signature
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            accelerator = accelerate.Accelerator(cpu=True, split_batches=split)
        legacy_warnings = [str(w.message) for w in seen if "split" in str(w.message)]
    else:
        accelerator = accelerate.Accelerator(cpu=True,
                                             dataloader_config=accelerate.DataLoaderConfiguration(split_batches=split))
        legacy_warnings = []
    param = torch.nn.Parameter(torch.zeros(1))
    opt = sgd(groups=[param])
    sched = transformers.get_linear_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=8)
    opt, sched = accelerator.prepare(opt, sched)
    rates = []
    for _ in range(4):
        rates.append(float(opt.param_groups[0]["lr"]))
        param.grad = torch.ones(1)
        opt.step()
        sched.step()
    rates.append(float(opt.param_groups[0]["lr"]))
    if accelerator.is_main_process:
        Path(path).write_text(json.dumps({"num_processes": accelerator.num_processes,
                                          "split_batches": accelerator.split_batches, "rates": rates,
                                          "warnings": legacy_warnings}))


def accelerate_processes():
    out = {"call": "accelerator.prepare(optimizer, get_linear_schedule_with_warmup(optimizer(lr=0.1), 0, 8)); "
                   "4 updates on 2 CPU processes (accelerate.debug_launcher), split_batches set through "
                   "DataLoaderConfiguration, and once as Accelerator(split_batches=True)"}
    with tempfile.TemporaryDirectory() as tmp:
        for split in (False, True):
            path = os.path.join(tmp, f"{split}.json")
            accelerate.debug_launcher(_accelerate_worker, args=(split, path), num_processes=2)
            out[f"split_batches_{split}"] = json.loads(Path(path).read_text())
        path = os.path.join(tmp, "legacy.json")
        accelerate.debug_launcher(_accelerate_worker, args=(True, path, True), num_processes=2)
        out["legacy_split_batches_True"] = json.loads(Path(path).read_text())
    return out


def amp_skipped_step():
    """GradScaler skips an update with inf gradients; the scheduler steps anyway and PyTorch warns."""
    model = torch.nn.Linear(1, 1, bias=False)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = L.StepLR(opt, step_size=1, gamma=0.5)
    scaler = torch.amp.GradScaler("cpu")
    rates, weights, skipped = [], [], []

    def loop():
        for i in range(3):
            rates.append(float(opt.param_groups[0]["lr"]))
            opt.zero_grad()
            x = torch.tensor([[float("inf") if i == 0 else 1.0]])
            scaler.scale(model(x).sum()).backward()
            before = scaler.get_scale()
            scaler.step(opt)
            scaler.update()
            skipped.append(scaler.get_scale() < before)
            sched.step()
            weights.append(float(model.weight))

    torch.nn.init.constant_(model.weight, 1.0)
    error, messages = caught(loop)
    return {"call": "GradScaler('cpu'); StepLR(SGD(lr=0.1), step_size=1, gamma=0.5); first batch gives inf "
                    "gradients; scaler.step(opt); scaler.update(); scheduler.step()",
            "rates": rates, "skipped": skipped, "error": error,
            "warnings": [m for m in messages if "lr_scheduler" in m]}


def resume_new_peak():
    """A different peak passed when resuming: the scheduler's state brings the old base_lrs back."""
    def make(o):
        return transformers.get_cosine_schedule_with_warmup(o, num_warmup_steps=2, num_training_steps=10)

    opt = sgd(0.1)
    sched = make(opt)
    for _ in range(4):
        opt.step()
        sched.step()
    opt_state, sched_state = opt.state_dict(), sched.state_dict()

    def resumed(fix):
        opt = sgd(0.05)
        sched = make(opt)
        opt.load_state_dict(opt_state)
        sched.load_state_dict(sched_state)
        if fix:
            for group in opt.param_groups:
                group["initial_lr"] = 0.05
            sched.base_lrs = [0.05]
        rates = []
        for _ in range(4, 10):
            opt.step()
            sched.step()
            rates.append(float(opt.param_groups[0]["lr"]))
        return rates, list(sched.base_lrs)

    plain, plain_base = resumed(False)
    fixed, fixed_base = resumed(True)
    return {"call": "get_cosine_schedule_with_warmup(optimizer(lr=0.1), 2, 10), checkpoint after 4 updates; "
                    "resumed with optimizer(lr=0.05), both states loaded",
            "steps": list(range(5, 11)), "resumed_lr_0.05": plain, "base_lrs_after_load": plain_base,
            "with_base_lrs_set": fixed, "base_lrs_set": fixed_base}


def plateau():
    error, _ = caught(lambda: L.ReduceLROnPlateau(sgd()).step())
    out = {"step_without_metric": {"call": "ReduceLROnPlateau(optimizer).step()", "error": error}}
    with tempfile.TemporaryDirectory() as tmp:
        for strategy in ("no", "epoch"):
            kwargs = {"output_dir": tmp, "report_to": [], "lr_scheduler_type": "reduce_lr_on_plateau",
                      "eval_strategy": strategy}
            if strategy != "no":
                kwargs["save_strategy"] = strategy
            error, _ = caught(lambda kwargs=kwargs: transformers.TrainingArguments(**kwargs))
            out[f"trainer_eval_strategy_{strategy}"] = {
                "call": f"TrainingArguments(lr_scheduler_type='reduce_lr_on_plateau', eval_strategy='{strategy}')",
                "error": error}
    return out


def param_groups():
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.1},
              {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.01}]
    opt = torch.optim.SGD(groups, lr=0.1)
    sched = transformers.get_cosine_schedule_with_warmup(opt, num_warmup_steps=2, num_training_steps=10)
    rates = []
    for _ in range(11):
        rates.append([float(g["lr"]) for g in opt.param_groups])
        opt.step()
        sched.step()
    return {"call": "SGD([{'params': body, 'lr': 0.1}, {'params': head, 'lr': 0.01}]); "
                    "get_cosine_schedule_with_warmup(opt, num_warmup_steps=2, num_training_steps=10)",
            "steps": list(range(11)), "group_0": [r[0] for r in rates], "group_1": [r[1] for r in rates]}


def warm_restarts_fractional():
    iters, epochs = 5, 4
    out = {"call": "CosineAnnealingWarmRestarts(optimizer(lr=0.1), T_0=2); 5 batches per epoch"}
    opt = sgd()
    sched = L.CosineAnnealingWarmRestarts(opt, T_0=2)
    rates = []
    for epoch in range(epochs):
        for i in range(iters):
            rates.append(float(opt.param_groups[0]["lr"]))
            opt.step()
            sched.step(epoch + (i + 1) / iters)
    out["fractional"] = rates
    opt = sgd()
    sched = L.CosineAnnealingWarmRestarts(opt, T_0=2)
    rates = []
    for epoch in range(epochs):
        for i in range(iters):
            rates.append(float(opt.param_groups[0]["lr"]))
            opt.step()
        sched.step()
    out["per_epoch"] = rates
    out["batches"] = list(range(iters * epochs))
    return out


def schedule_free():
    import schedulefree

    torch.manual_seed(0)
    x, y = torch.randn(64, 2), torch.randn(64, 1)
    model = torch.nn.Linear(2, 1)
    opt = schedulefree.SGDScheduleFree(model.parameters(), lr=0.5, warmup_steps=0)
    opt.train()
    for _ in range(5):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        opt.step()
    with torch.no_grad():
        train_mode = float(torch.nn.functional.mse_loss(model(x), y))
        train_weight = model.weight.detach().clone().tolist()[0]
        opt.eval()
        eval_mode = float(torch.nn.functional.mse_loss(model(x), y))
        eval_weight = model.weight.detach().clone().tolist()[0]
    return {"call": "schedulefree.SGDScheduleFree(model.parameters(), lr=0.5, warmup_steps=0), 5 full-batch "
                    "updates of least squares on 64 points",
            "version": schedulefree_version(), "loss_train_mode": train_mode, "loss_after_eval": eval_mode,
            "weight_train_mode": train_weight, "weight_after_eval": eval_weight}


def schedulefree_version():
    import importlib.metadata

    return importlib.metadata.version("schedulefree")


def lr_finders():
    import lightning
    from lightning.pytorch.tuner import Tuner
    from torch_lr_finder import LRFinder
    import importlib.metadata

    def defaults(f, names):
        params = inspect.signature(f).parameters
        return {k: params[k].default for k in names}

    return {
        "fastai": fastai_lr_find(),
        "lightning": {"version": lightning.__version__, "call": "Tuner(trainer).lr_find(model)",
                      "defaults": defaults(Tuner.lr_find, ("min_lr", "max_lr", "num_training", "mode"))},
        "torch_lr_finder": {"version": importlib.metadata.version("torch-lr-finder"),
                            "call": "LRFinder(model, optimizer, criterion).range_test(loader)",
                            "defaults": defaults(LRFinder.range_test, ("start_lr", "end_lr", "num_iter",
                                                                        "step_mode"))},
    }


def fastai_lr_find():
    """fastai's Learner.lr_find defaults and the schedule its LRFinder callback uses, read from the installed source."""
    import ast

    if not os.environ.get("FASTAI"):
        raise SystemExit("fastai: set FASTAI to the folder it was installed in (see the docstring)")
    folder = Path(os.environ["FASTAI"])
    version = next(folder.glob("fastai-*.dist-info")).name[len("fastai-"):-len(".dist-info")]
    tree = ast.parse((folder / "fastai" / "callback" / "schedule.py").read_text(encoding="utf-8"))
    nodes = {node.name: node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    args = nodes["lr_find"].args
    named = [a.arg for a in args.args][-len(args.defaults):]
    defaults = {k: ast.literal_eval(v) for k, v in zip(named, args.defaults) if k in ("start_lr", "end_lr", "num_it")}
    finder = ast.get_source_segment((folder / "fastai" / "callback" / "schedule.py").read_text(encoding="utf-8"),
                                    nodes["LRFinder"])
    defaults["mode"] = "exponential" if "SchedExp" in finder else "other"
    return {"version": version, "call": "learn.lr_find()", "defaults": defaults}


_OLD_TRANSFORMERS = r'''
import json, tempfile, warnings, torch, transformers
out = {"version": transformers.__version__}
import logging
class Keep(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []
    def emit(self, record):
        self.messages.append(record.getMessage())
logged = Keep()
logging.getLogger("transformers").addHandler(logged)
with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    for key, kwargs in (("warmup_steps_0.05", {"warmup_steps": 0.05}), ("warmup_ratio_0.05", {"warmup_ratio": 0.05})):
        try:
            args = transformers.TrainingArguments(output_dir=tmp, report_to=[], **kwargs)
        except Exception as exc:
            out[key] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        w = args.get_warmup_steps(1000)
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        sched = transformers.get_scheduler("linear", opt, num_warmup_steps=w, num_training_steps=1000)
        rates = []
        for _ in range(61):
            rates.append(float(opt.param_groups[0]["lr"]))
            opt.step(); sched.step()
        out[key] = {"get_warmup_steps_1000": w, "rates": [rates[t] for t in (0, 1, 25, 50, 60)]}
    out["warnings"] = sorted({str(w.message) for w in seen if "warmup" in str(w.message)}
                             | {m for m in logged.messages if "warmup" in m})
print(json.dumps(out))
'''


def trainer_warmup_versions():
    """warmup_steps=0.05 and warmup_ratio=0.05 in transformers 4.40, 4.57, 5.0, 5.2, 5.14, 5.15 and the installed 5.x."""
    out = {"steps": [0, 1, 25, 50, 60], "call": "TrainingArguments(warmup_steps=0.05) or (warmup_ratio=0.05); "
           "get_scheduler('linear', optimizer(lr=0.1), args.get_warmup_steps(1000), 1000)"}
    for key, path in (("4.40", os.environ.get("TF440")), ("4.57", os.environ.get("TF4")), ("5.0", os.environ.get("TF50")),
                      ("5.2", os.environ.get("TF52")), ("5.14", os.environ.get("TF514")),
                      ("5.15", os.environ.get("TF515")), ("installed", None)):
        if key != "installed" and not path:
            raise SystemExit(f"transformers {key}: set its TF... variable to the folder it was installed in (see the docstring)")
        env = dict(os.environ)
        if path:
            env["PYTHONPATH"] = path
        result = subprocess.run([sys.executable, "-c", _OLD_TRANSFORMERS], env=env, capture_output=True, text=True,
                                check=True)
        out[key] = json.loads(result.stdout.strip().splitlines()[-1])
    return out


def main():
    data = {
        "how": __doc__,
        "generated_with": {"torch": torch.__version__, "transformers": transformers.__version__,
                           "keras": keras.__version__, "keras_backend": keras.backend.backend(),
                           "optax": optax.__version__, "jax": jax.__version__, "accelerate": accelerate.__version__,
                           "python": platform.python_version()},
        "cheatsheet": cheatsheet(),
        "pitfalls": {
            "cycle_momentum": cycle_momentum(),
            "keras_accumulation": keras_accumulation(),
            "accelerate_processes": accelerate_processes(),
            "amp_skipped_step": amp_skipped_step(),
            "resume_new_peak": resume_new_peak(),
            "plateau": plateau(),
            "param_groups": param_groups(),
            "warm_restarts_fractional": warm_restarts_fractional(),
            "schedule_free": schedule_free(),
            "lr_finders": lr_finders(),
            "trainer_warmup_versions": trainer_warmup_versions(),
        },
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate a corpus of realistic, varied ML scripts, deterministically from a seed.

    python bench/generate.py OUT_DIR [--files 1000] [--seed 0]

Each script is what people write around scikit-learn: imports in the styles people use,
data loading, a train/test split, preprocessing and pipelines, hyperparameter searches,
fits, predictions, scores, plots, helper functions and classes. Every script imports
scikit-learn and constructs estimators, so every file needs hplint's full analysis (none
is skipped by the textual or import pre-filter). A few mistakes hplint reports are mixed
in at realistic rates (typos in keywords, a seed in a search space, a prediction before
fit), and many hard-coded hyperparameters. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

# (module, class, kind, {hyperparameter: candidate literals})
ESTIMATORS = [
    ("sklearn.svm", "SVC", "clf", {"C": ["0.1", "1.0", "10.0"], "kernel": ['"rbf"', '"linear"'], "gamma": ['"scale"', "0.01"]}),
    ("sklearn.linear_model", "LogisticRegression", "clf", {"C": ["0.01", "0.1", "1.0"], "max_iter": ["200", "500", "1000"]}),
    ("sklearn.ensemble", "RandomForestClassifier", "clf", {"n_estimators": ["100", "200", "500"], "max_depth": ["None", "5", "10"], "min_samples_leaf": ["1", "2", "4"]}),
    ("sklearn.ensemble", "GradientBoostingClassifier", "clf", {"learning_rate": ["0.05", "0.1"], "n_estimators": ["100", "300"], "max_depth": ["3", "5"]}),
    ("sklearn.neighbors", "KNeighborsClassifier", "clf", {"n_neighbors": ["3", "5", "11"], "weights": ['"uniform"', '"distance"']}),
    ("sklearn.tree", "DecisionTreeClassifier", "clf", {"max_depth": ["3", "6", "None"], "criterion": ['"gini"', '"entropy"']}),
    ("sklearn.ensemble", "HistGradientBoostingClassifier", "clf", {"learning_rate": ["0.05", "0.1"], "max_iter": ["100", "200"], "max_leaf_nodes": ["15", "31"]}),
    ("sklearn.linear_model", "Ridge", "reg", {"alpha": ["0.1", "1.0", "10.0"]}),
    ("sklearn.linear_model", "Lasso", "reg", {"alpha": ["0.001", "0.01", "0.1"], "max_iter": ["1000", "5000"]}),
    ("sklearn.ensemble", "RandomForestRegressor", "reg", {"n_estimators": ["100", "300"], "max_features": ["1.0", '"sqrt"'], "max_depth": ["None", "8"]}),
    ("sklearn.svm", "SVR", "reg", {"C": ["1.0", "10.0"], "epsilon": ["0.1", "0.2"]}),
    ("sklearn.neighbors", "KNeighborsRegressor", "reg", {"n_neighbors": ["5", "10"]}),
]
TRANSFORMERS = [
    ("sklearn.preprocessing", "StandardScaler", {}),
    ("sklearn.preprocessing", "MinMaxScaler", {}),
    ("sklearn.decomposition", "PCA", {"n_components": ["2", "10", "0.95"]}),
    ("sklearn.preprocessing", "PolynomialFeatures", {"degree": ["2", "3"]}),
    ("sklearn.feature_selection", "SelectKBest", {"k": ["5", "10", '"all"']}),
]
DATASETS = {
    "clf": ["load_iris", "load_breast_cancer", "load_wine", "load_digits"],
    "reg": ["load_diabetes", "fetch_california_housing"],
}
METRICS = {"clf": ["accuracy_score", "f1_score", "balanced_accuracy_score"], "reg": ["r2_score", "mean_squared_error", "mean_absolute_error"]}
TYPOS = {"C": "c", "gamma": "gama", "n_estimators": "n_estimator", "max_depth": "maxdepth", "alpha": "alpah",
         "n_neighbors": "n_neighbours", "learning_rate": "learning_rat", "max_iter": "maxiter"}  # fmt: skip
UNSEEDED = {"KNeighborsClassifier", "KNeighborsRegressor", "SVR"}
WORDS = ["model", "clf", "est", "baseline", "candidate", "final", "tuned", "quick", "best", "ref"]


class Script:
    """One script under construction: the import block and the body, written separately."""

    def __init__(self, rng: random.Random, kind: str) -> None:
        self.rng = rng
        self.kind = kind
        self.imports: dict[str, set[str]] = {}
        self.plain: set[str] = set()
        self.lines: list[str] = []
        self.style = rng.choice(["from", "from", "from", "module", "alias"])

    def use(self, module: str, name: str) -> str:
        """The expression that names ``module.name`` in this script's import style."""
        if self.style == "module" and module.startswith("sklearn."):
            sub = module.split(".")[1]
            self.imports.setdefault("sklearn", set()).add(sub)
            return f"{sub}.{name}"
        if self.style == "alias" and module.startswith("sklearn.") and self.rng.random() < 0.3:
            self.plain.add(f"import {module} as {module.split('.')[1][:3]}")
            return f"{module.split('.')[1][:3]}.{name}"
        self.imports.setdefault(module, set()).add(name)
        return name

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def text(self, title: str) -> str:
        head = [f'"""{title}"""', ""]
        head += sorted(self.plain)
        head += [f"from {m} import {', '.join(sorted(names))}" for m, names in sorted(self.imports.items())]
        return "\n".join([*head, "", *self.lines, ""])


def _kwargs(rng: random.Random, space: dict[str, list[str]], typo_rate: float, seeded: bool = False) -> str:
    chosen = rng.sample(sorted(space), k=rng.randint(0, len(space)))
    parts = []
    for name in chosen:
        keyword = TYPOS.get(name, name) if rng.random() < typo_rate else name
        parts.append(f"{keyword}={rng.choice(space[name])}")
    if seeded and rng.random() < 0.5:
        parts.append(f"random_state={rng.randint(0, 99)}" if rng.random() < 0.8 else "random_state=SEED")
    return ", ".join(parts)


def _estimator(s: Script) -> tuple[str, str, dict[str, list[str]], str]:
    pool = [e for e in ESTIMATORS if e[2] == s.kind]
    module, name, _, space = s.rng.choice(pool)
    kwargs = _kwargs(s.rng, space, 0.04, seeded=name not in UNSEEDED)
    return module, name, space, kwargs


def _section_data(s: Script, n: int) -> None:
    rng = s.rng
    if rng.random() < 0.3:
        s.plain.add("import pandas as pd")
        s.emit(f'df = pd.read_csv(DATA_DIR / "{rng.choice(["train", "data", "features"])}_{n}.csv")',
               f'X = df.drop(columns=["{rng.choice(["target", "label", "y"])}"]).to_numpy()',
               "y = df.iloc[:, -1].to_numpy()")  # fmt: skip
    else:
        loader = s.use("sklearn.datasets", rng.choice(DATASETS[s.kind]))
        s.emit(f"X, y = {loader}(return_X_y=True)")
    split = s.use("sklearn.model_selection", "train_test_split")
    size = rng.choice(["0.2", "0.25", "0.3"])
    s.emit(f"X_train, X_test, y_train, y_test = {split}(X, y, test_size={size}, random_state=SEED)", "")


def _pipeline(s: Script) -> tuple[str, str, dict[str, list[str]], str]:
    module, name, space, kwargs = _estimator(s)
    est = s.use(module, name)
    steps = s.rng.sample(TRANSFORMERS, k=s.rng.randint(1, 2))
    if s.rng.random() < 0.5:
        make = s.use("sklearn.pipeline", "make_pipeline")
        parts = [f"{s.use(m, t)}({_kwargs(s.rng, sp, 0.0)})" for m, t, sp in steps]
        s.emit(f"pipe = {make}(", *[f"    {p}," for p in parts], f"    {est}({kwargs}),", ")")
        return module, name, space, name.lower()
    pipeline = s.use("sklearn.pipeline", "Pipeline")
    rows = [f'    ("{t.lower()[:6]}", {s.use(m, t)}()),' for m, t, _ in steps]
    s.emit(f"pipe = {pipeline}([", *rows, f'    ("model", {est}({kwargs})),', "])")
    return module, name, space, "model"


def _section_search(s: Script, step: str, space: dict[str, list[str]]) -> None:
    rng = s.rng
    search = s.use("sklearn.model_selection", rng.choice(["GridSearchCV", "GridSearchCV", "RandomizedSearchCV"]))
    keys = rng.sample(sorted(space), k=max(1, min(len(space), rng.randint(1, 3))))
    s.emit("param_grid = {")
    for key in keys:
        values = space[key] if rng.random() > 0.05 else space[key][:1]
        s.emit(f'    "{step}__{key}": [{", ".join(values)}],')
    if rng.random() < 0.05:
        s.emit(f'    "{step}__random_state": [0, 1, 2],')
    s.emit("}")
    cv = rng.choice(["5", "3", "cv"])
    if cv == "cv":
        folds = s.use("sklearn.model_selection", "StratifiedKFold" if s.kind == "clf" else "KFold")
        s.emit(f"cv = {folds}(n_splits=5, shuffle=True, random_state=SEED)")
    extra = ", n_iter=10, random_state=SEED" if "Randomized" in search else ""
    s.emit(f"search = {search}(pipe, param_grid, cv={cv}, n_jobs=-1{extra})",
           "search.fit(X_train, y_train)",
           'print("best params:", search.best_params_)',
           'print(f"best CV score: {search.best_score_:.3f}")',
           "best = search.best_estimator_", "")  # fmt: skip


def _section_evaluate(s: Script, model: str) -> None:
    rng = s.rng
    metric = s.use("sklearn.metrics", rng.choice(METRICS[s.kind]))
    s.emit(f"y_pred = {model}.predict(X_test)", f'print("{metric}:", {metric}(y_test, y_pred))')
    if s.kind == "clf" and rng.random() < 0.5:
        report = s.use("sklearn.metrics", "classification_report")
        s.emit(f"print({report}(y_test, y_pred))")
    if rng.random() < 0.4:
        cvs = s.use("sklearn.model_selection", "cross_val_score")
        s.emit(f"scores = {cvs}({model}, X, y, cv=5)", 'print("CV: %.3f +/- %.3f" % (scores.mean(), scores.std()))')
    s.emit("")


def _section_plot(s: Script, model: str) -> None:
    s.plain.add("import matplotlib.pyplot as plt")
    rng = s.rng
    s.emit(f"fig, ax = plt.subplots(figsize=({rng.randint(4, 10)}, {rng.randint(3, 8)}))")
    if s.kind == "clf":
        s.emit("ax.scatter(X_test[:, 0], X_test[:, 1], c=y_pred, cmap=\"viridis\", s=12)")
    else:
        s.emit("ax.scatter(y_test, y_pred, alpha=0.5)", "ax.plot([y.min(), y.max()], [y.min(), y.max()], \"k--\")")
    s.emit(f'ax.set_title("{model} on the test set")', "fig.tight_layout()",
           f'fig.savefig(OUT_DIR / "{model}_{rng.randint(0, 999)}.png")', "plt.close(fig)", "")  # fmt: skip


def _section_compare(s: Script) -> None:
    """A loop over several models: a common shape in notebooks turned scripts."""
    rng = s.rng
    chosen = rng.sample([e for e in ESTIMATORS if e[2] == s.kind], k=rng.randint(2, 4))
    s.emit("models = {")
    for module, name, _, space in chosen:
        s.emit(f'    "{name}": {s.use(module, name)}({_kwargs(rng, space, 0.0, seeded=name not in UNSEEDED)}),')
    s.emit("}", "results = {}", "for label, estimator in models.items():",
           "    estimator.fit(X_train, y_train)",
           "    results[label] = estimator.score(X_test, y_test)",
           '    print(f"{label:>30}: {results[label]:.3f}")',
           "winner = max(results, key=results.get)", "")  # fmt: skip


def _section_helpers(s: Script, index: int) -> None:
    rng = s.rng
    s.plain.add("import numpy as np")
    name = f"{rng.choice(['summarize', 'describe', 'report', 'inspect'])}_{index}"
    s.emit(f"def {name}(estimator, X, y):",
           '    """Print what the fitted estimator learned."""',
           "    estimator.fit(X, y)",
           "    if hasattr(estimator, \"feature_importances_\"):",
           "        order = np.argsort(estimator.feature_importances_)[::-1]",
           "        for rank, i in enumerate(order[:5]):",
           '            print(f"{rank + 1}. feature {i}: {estimator.feature_importances_[i]:.3f}")',
           "    return estimator.score(X, y)", "")  # fmt: skip
    module, est_name, _, kwargs = _estimator(s)
    var = rng.choice(WORDS) + f"_{index}"
    s.emit(f"{var} = {s.use(module, est_name)}({kwargs})")
    if rng.random() < 0.08:
        s.emit(f"early = {var}.predict(X_test)  # before fit")
    s.emit(f"{name}({var}, X_train, y_train)", "")


def _section_class(s: Script, index: int) -> None:
    module, name, _, kwargs = _estimator(s)
    est = s.use(module, name)
    s.emit(f"class Experiment{index}:",
           '    """A small experiment wrapper, as people write them."""', "",
           "    def __init__(self, seed=SEED):",
           "        self.seed = seed",
           f"        self.model = {est}({kwargs})", "",
           "    def run(self, X, y):",
           "        self.model.fit(X, y)",
           "        return self.model.score(X, y)", "",
           "    def predict(self, X):",
           "        return self.model.predict(X)", "",
           f"experiment_{index} = Experiment{index}()",
           f"print(experiment_{index}.run(X_train, y_train))", "")  # fmt: skip


def script(seed: int, target_lines: int = 0) -> str:
    """One script; with ``target_lines``, sections repeat until it is at least that long."""
    rng = random.Random(seed)
    s = Script(rng, rng.choice(["clf", "clf", "reg"]))
    s.plain.add("from pathlib import Path")
    s.emit(f"SEED = {rng.randint(0, 2**16)}", f'DATA_DIR = Path("{rng.choice(["data", "../data", "/mnt/data"])}")',
           'OUT_DIR = Path("figures")', "")  # fmt: skip
    _section_data(s, seed)
    index = 0
    while True:
        module, name, space, step = _pipeline(s)
        s.emit("")
        if rng.random() < 0.7:
            _section_search(s, step, space)
            _section_evaluate(s, "best")
        else:
            s.emit("pipe.fit(X_train, y_train)", "")
            _section_evaluate(s, "pipe")
        for section in rng.sample(["compare", "helpers", "class", "plot"], k=rng.randint(1, 4)):
            index += 1
            if section == "compare":
                _section_compare(s)
            elif section == "helpers":
                _section_helpers(s, index)
            elif section == "class":
                _section_class(s, index)
            else:
                _section_plot(s, "pipe")
        if len(s.lines) >= target_lines and (target_lines or rng.random() < 0.55):
            break
    title = f"Experiment {seed}: {s.kind} on {'a CSV file' if 'pd' in ' '.join(s.plain) else 'a bundled dataset'}."
    return s.text(title)


def generate(out: Path, files: int, seed: int = 0) -> list[Path]:
    """Write ``files`` scripts under ``out`` (in subdirectories of 100); return their paths."""
    written = []
    for i in range(files):
        path = out / f"batch_{i // 100:02d}" / f"experiment_{i:04d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script(seed * 1_000_003 + i), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    paths = generate(args.out, args.files, args.seed)
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in paths)
    print(f"wrote {len(paths)} scripts ({lines} lines) under {args.out}")


if __name__ == "__main__":
    main()

"""Training small models with a schedule: datasets, models, the trainer, the scikit-learn check.

Job: everything that runs gradient descent -- scikit-learn's bundled datasets (scaled and
split), linear / logistic / softmax regression, the trainer that feeds any schedule (or a
reduce-on-plateau) to SGD, the chapter-01 loss landscapes, curvature, the cross-check against
scikit-learn's own SGD; and the lab: a ReLU network, the optimizers (SGD with momentum, Adam,
AdamW, schedule-free), a teacher-student problem with a noise floor, many runs at once and
tuned sweeps and their summary; the noisy quadratic model, whose expected loss is computed exactly;
the experiments of the later chapters (runs scored by the exact excess loss on noisy least squares,
warm-up above the stability limit, the learning-rate range test). It computes and never draws.
May import: :mod:`lrdecay_lessons.schedules`, NumPy, threadpoolctl; scikit-learn (and with it
SciPy) only inside the functions that load a dataset or build a scikit-learn model, and joblib only
where blocks of runs are handed to a worker process (:mod:`.parallel`), so that importing this
package stays cheap.
"""

from .curvature import (
    LinearOptimum,
    linear_curvatures,
    linear_optimum,
    stiff_growth,
    top_curvature,
)
from .datasets import DATASETS, TASKS, Dataset, load_dataset
from .excess_runs import RecipeOutcome, adam_excess, compare_on_noisy_problem, final_excess
from .landscapes import (
    DescentPath,
    FloorMeasurement,
    NoisyLeastSquares,
    Quadratic,
    gradient_descent_path,
    measure_noise_floor,
    noisy_least_squares,
    quadratic,
    sgd_run,
)
from .many_runs import MAX_WORK, ManyRuns, Sweep, SweepEntry, train_many, tuned_sweep
from .mlp import HEADS, MLP
from .noisy_quadratic import NQM_OPTIMIZERS, NoisyQuadratic, noisy_quadratic
from .models import MODEL_FOR_TASK, loss_and_gradient, objective, predict, targets
from .optimizers import (
    SGD,
    Adam,
    AdamState,
    AdamW,
    Optimizer,
    ScheduleFreeAdamW,
    ScheduleFreeSGD,
    ScheduleFreeState,
    SGDState,
    evaluation_point,
)
from .plateau_runs import PlateauRun, train_with_plateau
from .range_test import RangeTest, lr_range_test
from .shown_names import SHOWN_NAMES, shown_name
from .sweep_summary import tuned_comparison_columns, tuned_comparison_rows
from .protocol_sweep import TunedComparison, tune_and_evaluate
from .protocol import (
    SeedPlan,
    PairedComparison,
    at_edge,
    compare_all,
    half_octave_grid,
    holm,
    paired_comparison,
)
from .sklearn_check import (
    SklearnComparison,
    compare_with_sklearn,
    invscaling,
    make_sklearn_sgd,
    sklearn_invscaling_rates,
)
from .streams import ROLES, stream
from .least_squares_runs import LeastSquaresRuns, sgd_least_squares
from .teacher_student import TeacherStudent, teacher_student_digits
from .warmup_runs import warmup_evidence
from .stacked_runs import train_stacked
from .trainer import (
    DIVERGENCE_FACTOR,
    MAX_STEPS,
    Comparison,
    ScheduleLike,
    ScheduleSummary,
    TrainingResult,
    compare_schedules,
    learning_rates,
    schedule_label,
    steps_per_epoch,
    train,
)

__all__ = [
    "shown_name", "SHOWN_NAMES",
    "DATASETS", "TASKS", "Dataset", "load_dataset",
    "MLP", "HEADS", "TeacherStudent", "teacher_student_digits",
    "NoisyQuadratic", "noisy_quadratic", "NQM_OPTIMIZERS",
    "ManyRuns", "train_many", "Sweep", "SweepEntry", "tuned_sweep", "MAX_WORK",
    "MODEL_FOR_TASK", "targets", "predict", "objective", "loss_and_gradient",
    "DIVERGENCE_FACTOR", "MAX_STEPS", "ScheduleLike", "TrainingResult", "ScheduleSummary", "Comparison",
    "steps_per_epoch", "learning_rates", "schedule_label", "train", "train_stacked", "compare_schedules",
    "Quadratic", "quadratic", "DescentPath", "gradient_descent_path", "NoisyLeastSquares",
    "noisy_least_squares", "sgd_run", "FloorMeasurement", "measure_noise_floor",
    "PlateauRun", "train_with_plateau",
    "final_excess", "RecipeOutcome", "compare_on_noisy_problem", "adam_excess", "warmup_evidence",
    "RangeTest", "lr_range_test",
    "ROLES", "stream", "LeastSquaresRuns", "sgd_least_squares", "TunedComparison", "tune_and_evaluate", "tuned_comparison_columns", "tuned_comparison_rows",
    "SeedPlan", "PairedComparison", "half_octave_grid", "at_edge", "paired_comparison", "holm", "compare_all",
    "SGD", "SGDState", "Adam", "AdamW", "AdamState", "ScheduleFreeSGD", "ScheduleFreeAdamW", "ScheduleFreeState",
    "Optimizer", "evaluation_point",
    "top_curvature", "stiff_growth", "LinearOptimum", "linear_optimum", "linear_curvatures",
    "SklearnComparison", "make_sklearn_sgd", "compare_with_sklearn", "invscaling", "sklearn_invscaling_rates",
]

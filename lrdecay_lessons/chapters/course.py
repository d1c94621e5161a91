"""The course's chapters, in reading order: one list that the course map, README and tests share."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Chapter",
    "CHAPTERS",
]


@dataclass(frozen=True)
class Chapter:
    """A chapter notebook and where its material comes from."""

    notebook: str
    english: str
    chinese: str
    source: str


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("00_course_map.ipynb", "Course map", "课程导览", "—"),
    Chapter("01_why_decay.ipynb", "Why decay the learning rate", "为什么需要学习率衰减", "article §1"),
    Chapter("02_step_decay.ipynb", "Step decay", "阶梯衰减", "article §2.1, §3.1, §4.1"),
    Chapter("03_exponential_decay.ipynb", "Exponential decay", "指数衰减", "article §2.2, §3.2, §4.2"),
    Chapter("04_polynomial_decay.ipynb", "Polynomial decay", "多项式衰减", "article §2.3, §3.3, §4.3"),
    Chapter("05_cosine_annealing.ipynb", "Cosine annealing", "余弦衰减", "article §2.4, §3.4, §4.4"),
    Chapter("06_comparison.ipynb", "Comparing the four", "核心概念总结", "article §2.5"),
    Chapter("07_hands_on_training.ipynb", "Hands-on: gradient descent with decay", "代码实例", "announced, not written"),
    Chapter("08_the_lab.ipynb", "The lab: a small network", "实验:一个小网络", "beyond the article"),
    Chapter("09_warmup_and_cycles.ipynb", "Warm-up and cyclical schedules", "预热与周期调度", "beyond the article"),
    Chapter("10_schedules_of_today.ipynb", "Schedules of today", "当代调度", "beyond the article"),
    Chapter("11_batch_size_and_weight_decay.ipynb", "Batch size and weight decay", "批量大小与权重衰减",
            "beyond the article"),
    Chapter("12_frameworks.ipynb", "From this course to your framework", "框架对照", "beyond the article"),
    Chapter("13_applications_and_tools.ipynb", "Applications and tools", "实际应用场景 / 工具和资源", "announced, not written"),
    Chapter("14_summary_faq.ipynb", "Summary and FAQ", "总结 / 常见问题与解答", "announced, not written"),
)

from inspect_ai.dataset import Sample
from inspect_ai.scorer import answer
from inspect_ai.solver import generate, system_message

from lighteval.metrics.metrics import Metrics
from lighteval.tasks.lighteval_task import LightevalTaskConfig
from lighteval.tasks.requests import Doc


COMMON_TASK_ARGS = {
    "prompt_function": bbeh_prompt,
    "hf_repo": "jgyasu/bbeh",
    "hf_avail_splits": ["train"],
    "evaluation_splits": ["train"],
    "few_shots_split": None,
    "few_shots_select": None,
    "generation_size": -1,
    "metrics": [Metrics.loglikelihood_acc],
    "stop_sequence": ["</s>", "Q=", "\n\n"],
    "version": 0,
    "sample_fields": record_to_sample,
    "solver": [system_message(SYSTEM_MESSAGE), generate(cache=True)],
    "scorer": answer(pattern="line"),
}

boardgame_qa = LightevalTaskConfig(
    name="bigbench_extra_hard:boardgame_qa",
    hf_subset="boardgame_qa",
    **COMMON_TASK_ARGS,
)

boolean_expressions = LightevalTaskConfig(
    name="bigbench_extra_hard:boolean_expressions",
    hf_subset="boolean_expressions",
    **COMMON_TASK_ARGS,
)

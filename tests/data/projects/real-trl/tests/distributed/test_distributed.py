import os
import subprocess


def test_rloo(self, config, get_config_path):
    # fmt: off
    run_command(
        [
            "accelerate", "launch", "--config_file", get_config_path(config), "trl/scripts/rloo.py",
            "--output_dir", self.tmp_dir,
            "--model_name_or_path", "trl-internal-testing/tiny-Qwen2ForCausalLM-2.5",
            "--dataset_name", "trl-internal-testing/zen",
            "--dataset_config", "conversational_prompt_only",
            "--reward_model_name_or_path", "trl-internal-testing/tiny-Qwen2ForSequenceClassification-2.5",
        ],
        os.environ.copy(),
    )
    # fmt: on

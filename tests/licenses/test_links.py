"""license_link: known URL patterns, and links that name a file of the repo."""

from __future__ import annotations

import pytest

from llmaudit.licenses.links import match_link, normalize_url, repo_file_path


@pytest.mark.parametrize(
    ("link", "key"),
    [
        ("https://ai.meta.com/llama/license/", "llama2"),
        ("https://llama.meta.com/llama3/license", "llama3"),
        ("https://www.llama.com/llama3_1/license/", "llama3.1"),
        ("https://llama.com/llama3_2/license?utm=x#top", "llama3.2"),
        (
            "https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/LICENSE",
            "llama3.3",
        ),
        ("https://github.com/meta-llama/llama-models/blob/main/models/llama4/LICENSE", "llama4"),
        (
            "https://huggingface.co/meta-llama/Meta-Llama-3.1-70B-Instruct/blob/main/LICENSE",
            "llama3.1",
        ),
        ("https://huggingface.co/meta-llama/Llama-2-7b-chat-hf/blob/main/LICENSE.txt", "llama2"),
        ("https://ai.google.dev/gemma/terms", "gemma"),
        ("HTTPS://AI.GOOGLE.DEV/GEMMA/TERMS/", "gemma"),
        ("https://openmdw.ai/license/1-0/", "openmdw-1.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0/", "cc-by-sa-4.0"),
        ("http://creativecommons.org/licenses/by-nc-nd/4.0/legalcode", "cc-by-nc-nd-4.0"),
        ("https://opensource.org/licenses/MIT", "mit"),
        ("https://choosealicense.com/licenses/apache-2.0/", "apache-2.0"),
        ("https://www.gnu.org/licenses/gpl-3.0.html", "gpl-3.0"),
        ("https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE", "qwen"),
        ("https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE", "qwen-research"),
        ("https://huggingface.co/Qwen/Qwen-7B-Chat/blob/main/LICENSE", "tongyi-qianwen"),
        ("https://github.com/deepseek-ai/DeepSeek-V2/blob/main/LICENSE-MODEL", "deepseek"),
        (
            "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md",
            "openrail++",
        ),
    ],
)
def test_known_urls(link, key):
    found = match_link(link)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    ("link", "path"),
    [
        ("LICENSE", "LICENSE"),
        ("./LICENSE.md", "LICENSE.md"),
        ("LICENSE-MODEL", "LICENSE-MODEL"),
        ("https://huggingface.co/01-ai/Yi-34B/blob/main/LICENSE", "LICENSE"),
        ("https://huggingface.co/org/model/resolve/main/license.txt", "license.txt"),
    ],
)
def test_links_to_repo_files(link, path):
    found = match_link(link)
    assert found is not None and found.key is None and found.path == path


@pytest.mark.parametrize(
    "link",
    [
        None,
        "",
        "   ",
        "https://example.com/terms",
        "README.md",
        "../LICENSE",
        "/etc/passwd",
        "https://huggingface.co/org/model/blob/main/config.json",
    ],
)
def test_links_that_say_nothing(link):
    assert match_link(link) is None


def test_mit_url_does_not_match_mit_0():
    assert match_link("https://spdx.org/licenses/MIT-0.html").key == "mit-0"
    assert match_link("https://spdx.org/licenses/MIT.html").key == "mit"


def test_normalize_url():
    assert normalize_url(" <https://www.Example.com/A/?q=1#x> ") == "example.com/a"
    assert repo_file_path("https://github.com/org/repo/blob/main/LICENSE") is None

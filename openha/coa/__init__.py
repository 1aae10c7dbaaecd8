"""Chain-of-Action VLA (issue #13): CoA data from the expert (`data`, `labels`), a small Qwen2-VL
trained here (`model`, `vision`, `tokenizer`, `dataset`, `train`), and the `coa:PATH` / `hf:PATH`
agents (`agent`, `serve`, `prompts`). Heavy modules import torch/transformers lazily."""

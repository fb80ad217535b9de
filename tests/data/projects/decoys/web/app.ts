import { HfInference } from "@huggingface/inference";
const headers = { "Content-Type": "application/json" };
const docs = "https://github.com/huggingface/huggingface.js";

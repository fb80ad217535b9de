import {
  AutoModel,
  AutoImageProcessor,
  RawImage,
} from "@huggingface/transformers";

async function hasFp16() {
  try {
    const adapter = await navigator.gpu.requestAdapter();
    return adapter.features.has("shader-f16");
  } catch (e) {
    return false;
  }
}

// Reference the elements that we will need
const status = document.getElementById("status");
const canvas = document.createElement("canvas");
const outputCanvas = document.getElementById("output-canvas");
const video = document.getElementById("video");
const sizeSlider = document.getElementById("size");
const sizeLabel = document.getElementById("size-value");
const scaleSlider = document.getElementById("scale");
const scaleLabel = document.getElementById("scale-value");

function setStreamSize(width, height) {
  video.width = outputCanvas.width = canvas.width = Math.round(width);
  video.height = outputCanvas.height = canvas.height = Math.round(height);
}

status.textContent = "Loading model...";

// Load model and processor
const model_id = "onnx-community/depth-anything-v2-small";

let model;
try {
  model = await AutoModel.from_pretrained(model_id, {
    device: "webgpu",
    // Use fp16 if available, otherwise use fp32
    dtype: (await hasFp16()) ? "fp16" : "fp32",
  });
} catch (err) {
  status.textContent = err.message;
  alert(err.message);
  throw err;
}

const processor = await AutoImageProcessor.from_pretrained(model_id);

// Set up controls
let size = 504;
processor.size = { width: size, height: size };
sizeSlider.addEventListener("input", () => {
  size = Number(sizeSlider.value);

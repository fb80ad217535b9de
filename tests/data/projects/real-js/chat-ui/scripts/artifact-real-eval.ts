async function complete(
	base: string,
	key: string,
	model: string,
	messages: Array<{ role: string; content: string }>
): Promise<string> {
	const res = await fetch(`${base}/chat/completions`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
		body: JSON.stringify({ model, messages, max_tokens: 12000, temperature: 0.6 }),
	});
	if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
	const j = (await res.json()) as {
		choices?: Array<{
			message?: { content?: string; reasoning?: string; reasoning_content?: string };
		}>;
	};
	const msg = j.choices?.[0]?.message ?? {};
	const reasoning = msg.reasoning ?? msg.reasoning_content ?? "";
	const content = typeof msg.content === "string" ? msg.content : "";
	// Assemble exactly like chat-ui's OpenAI path: reasoning becomes a <think> block
	// before the visible content. This is what collectArtifacts() actually receives.
	return reasoning ? `<think>${reasoning}</think>${content}` : content;
}

async function main() {
	const scenarioId = process.env.SCENARIO ?? "color";
	const model = process.env.MODEL ?? "zai-org/GLM-5.2";
	const run = process.env.RUN ?? "1";
	const scenario = SCENARIOS[scenarioId];
	if (!scenario) throw new Error(`unknown scenario ${scenarioId}`);


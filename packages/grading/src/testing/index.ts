export { mockModel } from './mock-model.ts'
export { type ChatRequest, type StubStep, startOpenAIStub } from './openai-stub.ts'

import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';

const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
const legacy = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? '');

/** Alt text for product images in a post. */
export async function altText(imageDescription: string): Promise<string> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: `Write alt text, under 125 characters, for this image: ${imageDescription}`,
    config: { maxOutputTokens: 100 },
  });
  return response.text ?? '';
}

/** Product comparison tables still come from the older SDK. */
export async function comparisonTable(products: string[]): Promise<string> {
  const model = legacy.getGenerativeModel({
    model: 'gemini-1.5-pro',
    systemInstruction: 'You build comparison tables in Markdown.',
    generationConfig: { maxOutputTokens: 1024 },
  });
  const result = await model.generateContent('Compare these products: ' + products.join(', '));
  return result.response.text();
}

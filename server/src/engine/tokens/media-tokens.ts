/**
 * Tokens of the images and documents a call sends, by each provider's published rule (media-tokens.json): OpenAI's
 * tiles or patches per model family, Anthropic's width x height / 750 after resizing, Gemini's 768 px tiles. The size
 * of an image is rarely visible in code, so an unknown size counts as 1024x1024 and says so; documents are an
 * estimate per page. Always labelled: a media count is never exact.
 */
import type { MediaInput, PromptPart } from '../model';
import table from './media-tokens.json';
import type { ChatFormat } from './prompt-tokens';

const TILE_FAMILIES = table.openaiTiles.families.map((family) => ({ ...family, regex: new RegExp(family.pattern) }));
const PATCH_FAMILIES = table.openaiPatches.families.map((family) => ({ ...family, regex: new RegExp(family.pattern) }));

export interface MediaTokens {
  tokens: number;
  notes: string[];
}

/** OpenAI tile models: fit in 2048x2048, short side to 768, 512 px tiles. */
function openAiTileTokens(width: number, height: number, base: number, tile: number, detail: string | undefined): number {
  if (detail === 'low') return base;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortSide = Math.min(w, h);
  if (shortSide > 768) {
    const scale = 768 / shortSide;
    w *= scale;
    h *= scale;
  }
  return base + tile * Math.ceil(w / 512) * Math.ceil(h / 512);
}

function openAiPatchTokens(width: number, height: number, multiplier: number): number {
  let patches = Math.ceil(width / 32) * Math.ceil(height / 32);
  if (patches > table.openaiPatches.maxPatches) {
    const shrink = Math.sqrt((table.openaiPatches.maxPatches * 32 * 32) / (width * height));
    patches = Math.min(table.openaiPatches.maxPatches, Math.ceil((width * shrink) / 32) * Math.ceil((height * shrink) / 32));
  }
  return Math.ceil(patches * multiplier);
}

function anthropicImageTokens(width: number, height: number): number {
  const scale = Math.min(1, table.anthropic.maxLongEdge / Math.max(width, height));
  return Math.min(table.anthropic.maxTokens, Math.ceil((width * scale * height * scale) / table.anthropic.divisor));
}

function geminiImageTokens(width: number, height: number): number {
  if (width <= table.gemini.smallSide && height <= table.gemini.smallSide) return table.gemini.tokensPerTile;
  // Larger images are cut into crop units of floor(short side / 1.5) px, each scaled to a 768 px tile.
  const unit = Math.max(1, Math.floor(Math.min(width, height) / 1.5));
  return table.gemini.tokensPerTile * Math.ceil(width / unit) * Math.ceil(height / unit);
}

/** Tokens of one image for a chat format and model, with the size it was counted at. */
export function imageTokens(image: MediaInput, format: ChatFormat, model: string): number {
  const width = image.width ?? table.assumedImageSize.width;
  const height = image.height ?? table.assumedImageSize.height;
  if (format === 'anthropic') return anthropicImageTokens(width, height);
  if (format === 'google') return geminiImageTokens(width, height);
  const name = model.toLowerCase().replace(/^[a-z-]+\//, '');
  const patch = PATCH_FAMILIES.find((family) => family.regex.test(name));
  if (patch) return openAiPatchTokens(width, height, patch.multiplier);
  const tile = TILE_FAMILIES.find((family) => family.regex.test(name)) ?? TILE_FAMILIES[TILE_FAMILIES.length - 1];
  return openAiTileTokens(width, height, tile.base, tile.tile, image.detail);
}

function documentTokens(format: ChatFormat): number {
  const perPage = table.documents.perPage as Record<string, number>;
  const key = format === 'anthropic' ? 'anthropic' : format === 'google' ? 'google' : format.startsWith('openai') ? 'openai' : 'generic';
  return perPage[key] * table.documents.assumedPages;
}

/** Tokens of every image and document in the parts. */
export function countMediaTokens(parts: readonly PromptPart[], format: ChatFormat, model: string | null): MediaTokens {
  let tokens = 0;
  let images = 0;
  let unsized = 0;
  let documents = 0;
  for (const part of parts) {
    for (const media of part.media ?? []) {
      if (media.kind === 'document') {
        documents++;
        tokens += documentTokens(format);
        continue;
      }
      images++;
      if (media.width === undefined && media.detail !== 'low') unsized++;
      tokens += imageTokens(media, format, model ?? '');
    }
  }
  const notes: string[] = [];
  if (images > 0) {
    const rule = format === 'anthropic' ? "Anthropic's width x height / 750" : format === 'google' ? "Gemini's 258 tokens per 768 px tile" : "OpenAI's tile rule for the model";
    notes.push(`Images: ≈ ${images} image${images === 1 ? '' : 's'} by ${rule}` + (unsized > 0 ? `; ${unsized} of unknown size counted as ${table.assumedImageSize.width}x${table.assumedImageSize.height}.` : '.'));
  }
  if (documents > 0) notes.push(`Documents: ≈ ${documents} document${documents === 1 ? '' : 's'} at ${table.documents.assumedPages} assumed pages each (page count unknown in code).`);
  return { tokens, notes };
}

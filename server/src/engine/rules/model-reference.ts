/** Where findings about a call's model point: the model name at the call, or the place that sets it. */
import type { AnalyzedCallSite } from '../analyze';
import type { ModelRef, Span } from '../model';

/** The model literal when it is written in this call's file; otherwise the callee. */
export function modelFindingSpan(site: AnalyzedCallSite['site']): Span {
  const ref = site.model;
  return ref.source === 'literal' && ref.span && ref.span.file === site.file ? ref.span : site.calleeSpan;
}

/** A related location at the constant or default that sets the model; undefined when it has no span. */
export function whereModelIsSet(ref: ModelRef): { span: Span; message: string }[] | undefined {
  return ref.span ? [{ span: ref.span, message: `the model is set here (${ref.note ?? ref.source})` }] : undefined;
}

// Bootstrap Italia draws a control's border from its markup, not from `.form-control`/`.form-select`: a text
// control by its `type` (input[type=text], [type=email]…), a select inside a `.select-wrapper`. An <input>
// without a type, or a bare <select>, shows no border at all: the operator cannot see the field.
import { cloneElement, createElement, isValidElement, type ReactNode } from 'react';

/**
 * A Field's control as Bootstrap Italia styles it: a bare `<input>` (no `type`) becomes `type="text"`; a
 * `<select>` goes inside a `.select-wrapper` (Bootstrap's `form-select`/`form-control` classes dropped: with
 * them the arrow is drawn twice). Anything else (textarea, typed input, wrappers) is kept as it is.
 */
export function styledControl(control: ReactNode): ReactNode {
  if (!isValidElement<{ type?: string; className?: string }>(control)) return control;
  if (control.type === 'input') return control.props.type ? control : cloneElement(control, { type: 'text' });
  if (control.type !== 'select') return control;
  const className =
    (control.props.className ?? '')
      .split(/\s+/)
      .filter((c) => c && c !== 'form-select' && c !== 'form-control')
      .join(' ') || undefined;
  return createElement('div', { className: 'select-wrapper' }, cloneElement(control, { className }));
}

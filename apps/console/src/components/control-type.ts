// Bootstrap Italia draws a text control's border from its `type` (input[type=text], [type=email]…), not from
// `.form-control`: an <input> without a type shows no border at all, so the operator cannot see the field.
import { cloneElement, isValidElement, type ReactNode } from 'react';

/** A bare `<input>` (no `type`) becomes `type="text"`; any other control, or an input with a type, is kept. */
export function withInputType(control: ReactNode): ReactNode {
  if (!isValidElement<{ type?: string }>(control) || control.type !== 'input' || control.props.type)
    return control;
  return cloneElement(control, { type: 'text' });
}

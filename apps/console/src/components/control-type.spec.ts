import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { withInputType } from './control-type';

const html = (node: ReturnType<typeof withInputType>) =>
  renderToStaticMarkup(createElement('div', null, node));

describe('the control a Field renders', () => {
  it('gives a bare input the text type, which Bootstrap Italia needs to draw its border', () => {
    expect(html(withInputType(createElement('input', { id: 'subject', className: 'form-control' })))).toBe(
      '<div><input id="subject" class="form-control" type="text"/></div>',
    );
  });

  it('keeps the type an input already has (e-mail, phone, date)', () => {
    for (const type of ['email', 'tel', 'date'])
      expect(html(withInputType(createElement('input', { type })))).toBe(
        `<div><input type="${type}"/></div>`,
      );
  });

  it('leaves textareas, selects and wrappers alone (no type attribute on them)', () => {
    expect(html(withInputType(createElement('textarea', { rows: 2 })))).toBe(
      '<div><textarea rows="2"></textarea></div>',
    );
    expect(html(withInputType(createElement('select', null)))).toBe('<div><select></select></div>');
    expect(html(withInputType('testo'))).toBe('<div>testo</div>');
  });
});

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { styledControl } from './control-type';

const html = (node: ReturnType<typeof styledControl>) =>
  renderToStaticMarkup(createElement('div', null, node));

describe('the control a Field renders', () => {
  it('gives a bare input the text type, which Bootstrap Italia needs to draw its border', () => {
    expect(html(styledControl(createElement('input', { id: 'subject', className: 'form-control' })))).toBe(
      '<div><input id="subject" class="form-control" type="text"/></div>',
    );
  });

  it('keeps the type an input already has (e-mail, phone, date)', () => {
    for (const type of ['email', 'tel', 'date'])
      expect(html(styledControl(createElement('input', { type })))).toBe(
        `<div><input type="${type}"/></div>`,
      );
  });

  it('puts a select in the wrapper that draws its border and arrow (once), keeping its error state', () => {
    expect(html(styledControl(createElement('select', { id: 'channel', className: 'form-select' })))).toBe(
      '<div><div class="select-wrapper"><select id="channel"></select></div></div>',
    );
    expect(html(styledControl(createElement('select', { className: 'form-control is-invalid' })))).toBe(
      '<div><div class="select-wrapper"><select class="is-invalid"></select></div></div>',
    );
  });

  it('leaves textareas and wrappers alone (no type attribute on them)', () => {
    expect(html(styledControl(createElement('textarea', { rows: 2 })))).toBe(
      '<div><textarea rows="2"></textarea></div>',
    );
    expect(html(styledControl(createElement('div', null, createElement('input', null))))).toBe(
      '<div><div><input/></div></div>',
    );
    expect(html(styledControl('testo'))).toBe('<div>testo</div>');
  });
});

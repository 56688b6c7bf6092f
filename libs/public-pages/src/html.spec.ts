import {
  detailsList,
  errorSummary,
  esc,
  LOOKUP_PAGE_STYLE,
  longDate,
  publicPage,
  publicPageStyle,
  statusBox,
  textField,
  tooManyAttemptsBody,
  type PageFrame,
} from './html';

const frame: PageFrame = {
  administration: 'Comune di <Borgo> & "Aurelio"',
  section: 'Ufficio Relazioni con il Pubblico',
  footer: 'Nessun dato personale.',
  style: publicPageStyle({ extra: LOOKUP_PAGE_STYLE }),
};

describe('esc', () => {
  it('escapes the five characters that matter in text and attribute values', () => {
    expect(esc(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
  it('leaves other text as it is and makes nothing of undefined and null', () => {
    expect(esc('città è già l’URP «sì» …')).toBe('città è già l’URP «sì» …');
    expect(esc(undefined)).toBe('');
    expect(esc(null)).toBe('');
    expect(esc(12)).toBe('12');
  });
});

describe('publicPage', () => {
  const html = publicPage(frame, 'Stato <della> pratica', '<h1>Titolo</h1>');

  it('is an Italian page, not indexed, with no referrer', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="it">')).toBe(true);
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });
  it('escapes the title and the administration, and puts the body in main', () => {
    expect(html).toContain(
      '<title>Stato &lt;della&gt; pratica – Comune di &lt;Borgo&gt; &amp; &quot;Aurelio&quot;</title>',
    );
    expect(html).toContain(
      '<header><p>Comune di &lt;Borgo&gt; &amp; &quot;Aurelio&quot; · Ufficio Relazioni con il Pubblico</p></header>',
    );
    expect(html).toContain('<main id="contenuto">\n<h1>Titolo</h1>\n</main>');
    expect(html).toContain('<footer><p>Nessun dato personale.</p></footer>');
  });
  it('carries the stylesheet: the column width, the focus ring, the page rules after the common ones', () => {
    const style = publicPageStyle({ width: '44rem', extra: 'table{width:100%}\n' });
    expect(style).toContain('main{max-width:44rem;');
    expect(style).toContain('footer{max-width:44rem;');
    expect(style).toContain(':focus-visible{outline:3px solid #b35900;outline-offset:2px}');
    expect(style.trimEnd().endsWith('table{width:100%}')).toBe(true);
    expect(publicPageStyle()).toContain('main{max-width:40rem;');
  });
});

describe('errorSummary', () => {
  it('is nothing without errors', () => {
    expect(errorSummary('Non è stato possibile', [])).toBe('');
  });
  it('is announced, focusable, titled, and links each error to its field', () => {
    const html = errorSummary('Corregga 2 errori', [
      { field: 'protocollo', message: 'Inserisca il numero <di> protocollo.' },
      { field: 'q"1', message: 'Scelga una risposta.' },
    ]);
    expect(html).toBe(`<div class="error-summary" role="alert" aria-labelledby="errori-titolo" tabindex="-1">
<h2 id="errori-titolo">Corregga 2 errori</h2>
<ul>
<li><a href="#protocollo">Inserisca il numero &lt;di&gt; protocollo.</a></li>
<li><a href="#q&quot;1">Scelga una risposta.</a></li>
</ul>
</div>`);
  });
});

describe('textField', () => {
  it('ties the label and the hint to the input, required, never autocompleted', () => {
    const html = textField({
      name: 'codice',
      label: 'Codice di verifica',
      hint: 'Dodici caratteri.',
      value: '',
    });
    expect(html).toContain('<label for="codice">Codice di verifica (obbligatorio)</label>');
    expect(html).toContain('<p class="hint" id="codice-aiuto">Dodici caratteri.</p>');
    expect(html).toMatch(
      /<input type="text" id="codice" name="codice" value="" required autocomplete="off" spellcheck="false" aria-describedby="codice-aiuto">/,
    );
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('error-message');
  });
  it('with an error: the message, named by aria-describedby after the hint, aria-invalid, the value kept and escaped', () => {
    const html = textField({
      name: 'riferimento',
      label: 'Riferimento',
      hint: 'Inizia con prc_.',
      value: '"><script>',
      error: 'Riferimento <non> corretto.',
    });
    expect(html).toContain(
      '<p class="error-message" id="riferimento-errore">Errore: Riferimento &lt;non&gt; corretto.</p>',
    );
    expect(html).toMatch(
      /id="riferimento"[^>]*value="&quot;&gt;&lt;script&gt;"[^>]*aria-describedby="riferimento-aiuto riferimento-errore" aria-invalid="true" class="invalid">/,
    );
    expect(html).not.toContain('<script>');
  });
});

describe('the parts of a result', () => {
  it('a status box announced as a status, and details as a definition list, escaped', () => {
    expect(statusBox('In <lavorazione>', 'Un ufficio se ne occupa.')).toBe(
      '<div class="status" role="status">\n<p><strong>In &lt;lavorazione&gt;</strong></p>\n<p>Un ufficio se ne occupa.</p>\n</div>',
    );
    expect(
      detailsList([
        ['Stato', 'Aperta'],
        ['Ufficio', 'Tributi & co'],
      ]),
    ).toBe('<dl>\n<dt>Stato</dt><dd>Aperta</dd>\n<dt>Ufficio</dt><dd>Tributi &amp; co</dd>\n</dl>');
  });
  it('a civil date in Italian words, whatever the time zone', () => {
    expect(longDate('2026-12-06')).toBe('6 dicembre 2026');
    expect(longDate('2026-01-01')).toBe('1 gennaio 2026');
  });
});

describe('tooManyAttemptsBody', () => {
  const body = (seconds: number) =>
    tooManyAttemptsBody({ seconds, protects: 'le pratiche', contact: 'l’URP', formPath: '/stato-pratica' });
  it('says the wait in whole minutes, at least one', () => {
    expect(body(1)).toContain('Riprovi tra 1 minuto, oppure contatti l’URP.');
    expect(body(60)).toContain('Riprovi tra 1 minuto,');
    expect(body(61)).toContain('Riprovi tra 2 minuti,');
    expect(body(900)).toContain('Riprovi tra 15 minuti,');
  });
  it('names what the limit protects and leads back to the form', () => {
    expect(body(5)).toContain('<h1>Troppi tentativi</h1>\n<p>Per proteggere le pratiche dei cittadini,');
    expect(body(5)).toContain('<p><a href="/stato-pratica">Torna al modulo</a></p>');
  });
});

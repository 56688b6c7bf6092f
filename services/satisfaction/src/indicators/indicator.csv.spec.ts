import { indicatorCsv } from './indicator.csv';

describe('indicator CSV export', () => {
  it('writes a header and one line per row, lists as key:count pairs', () => {
    expect(
      indicatorCsv([
        {
          month: '2026-11',
          complaints: 4,
          per1000: 2.5,
          categories: [{ category: 'tributi', count: 2 }],
          ok: true,
        },
        { month: '2026-12', complaints: 0, per1000: null, categories: [], ok: false },
      ]),
    ).toBe('month,complaints,per1000,categories,ok\r\n2026-11,4,2.5,tributi:2,true\r\n2026-12,0,,,false\r\n');
  });

  it('quotes separators and quotes, defuses formulas, keeps a line break inside a cell', () => {
    expect(indicatorCsv([{ a: 'x,y', b: 'say "hi"', c: '=HYPERLINK("x")', d: [1, 2, 3], e: 'a\nb' }])).toBe(
      'a,b,c,d,e\r\n"x,y","say ""hi""","\'=HYPERLINK(""x"")",1;2;3,"a\nb"\r\n',
    );
  });
});

import { readFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from '../scripts/compose-supergraph';

describe('static supergraph', () => {
  it('composes from the subgraphs’ SDL (Federation v2) with Contact.surveyInvitation owned by satisfaction', () => {
    const sdl = composeSupergraph();
    expect(sdl).toMatch(
      /type Contact\s+@join__type\(graph: CONTACTS, key: "id"\)\s+@join__type\(graph: SATISFACTION, key: "id"\)/,
    );
    expect(sdl).toMatch(/surveyInvitation: SurveyInvitation @join__field\(graph: SATISFACTION\)/);
  });

  it('is checked in up to date (run `npm run supergraph` after changing a subgraph schema)', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });
});

import type { Actor } from '@urp/kernel';
import { campaignsPolicy } from '../campaigns.policy';
import type { Notification } from './notification.rules';

const n = (officeId?: string) =>
  ({ id: `ntf_${officeId ?? 'none'}`, ...(officeId ? { officeId } : {}) }) as Notification;
const referent: Actor = { sub: 'r', roles: ['referent'], offices: ['tributi'] };
const operator: Actor = { sub: 'o', roles: ['operator'] };
const analyst: Actor = { sub: 'a', roles: ['analyst'] };

describe('notification.read', () => {
  it("operators see every notification state; referents only their own office's items", () => {
    const all = [n('tributi'), n('istruzione'), n()];
    expect(campaignsPolicy.visible('notification.read', operator, all)).toHaveLength(3);
    expect(campaignsPolicy.visible('notification.read', referent, all).map((x) => x.officeId)).toEqual([
      'tributi',
    ]);
  });

  it('other roles are refused before anything is looked up', () => {
    expect(() => campaignsPolicy.authorize('notification.read', analyst)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(() => campaignsPolicy.authorize('notification.read', referent)).not.toThrow();
  });
});

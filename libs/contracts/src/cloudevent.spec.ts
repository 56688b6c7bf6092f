import {
  catalog,
  causedBy,
  ContactClosedV1,
  ContractViolation,
  createEvent,
  fromKafkaMessage,
  toKafkaRecord,
  validateEvent,
} from '.';

const closed = {
  contactId: 'c-1',
  channel: 'desk' as const,
  contactType: 'information' as const,
  requesterId: 'req_abc123',
  operatorId: 'op-7',
  resolvedAtFirstContact: true,
  registeredAt: '2026-03-02T09:00:00.000Z',
  closedAt: '2026-03-02T09:05:00.000Z',
};

describe('CloudEvents envelope', () => {
  it('builds a versioned, time-ordered event that survives the Kafka binary binding unchanged', () => {
    const event = createEvent(ContactClosedV1, 'c-1', closed, { source: '/urp/contacts' });
    expect(event.type).toBe('it.urp.contacts.ContactClosed.v1');
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7
    expect(event.correlationid).toBe(event.id);

    const record = toKafkaRecord(event);
    expect(record.key).toBe('c-1');
    expect(record.headers).toMatchObject({
      ce_id: event.id,
      ce_type: event.type,
      'content-type': 'application/json',
    });
    const back = fromKafkaMessage({
      value: Buffer.from(record.value),
      headers: Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)])),
    });
    expect(back).toEqual(event);
    expect(validateEvent(catalog, back)).toEqual(event);
  });

  it('propagates correlation and causation to the events an event causes', () => {
    const parent = createEvent(ContactClosedV1, 'c-1', closed, {
      source: '/urp/contacts',
      traceparent: '00-abc-def-01',
    });
    const origin = causedBy(parent, '/urp/satisfaction');
    expect(origin).toEqual({
      source: '/urp/satisfaction',
      correlationId: parent.id,
      causationId: parent.id,
      traceparent: '00-abc-def-01',
    });
  });

  it('refuses to build an event whose payload breaks the contract, naming the field', () => {
    expect(() =>
      createEvent(ContactClosedV1, 'c-1', { ...closed, channel: 'pigeon' as never }, { source: '/x' }),
    ).toThrow(/invalid it.urp.contacts.ContactClosed.v1 payload: channel/);
    // personal data may not travel: the requester must be a pseudonym
    expect(() =>
      createEvent(
        ContactClosedV1,
        'c-1',
        { ...closed, requesterId: 'mario.rossi@example.it' },
        { source: '/x' },
      ),
    ).toThrow(ContractViolation);
  });

  it('rejects messages that are not CloudEvents or whose payload is invalid', () => {
    expect(() => fromKafkaMessage({ value: Buffer.from('{}'), headers: {} })).toThrow(/missing header ce_id/);
    const record = toKafkaRecord(createEvent(ContactClosedV1, 'c-1', closed, { source: '/x' }));
    expect(() => fromKafkaMessage({ value: 'not json', headers: record.headers })).toThrow(
      /payload is not JSON/,
    );
    const bad = fromKafkaMessage({
      value: JSON.stringify({ ...closed, closedAt: 'yesterday' }),
      headers: record.headers,
    });
    expect(() => validateEvent(catalog, bad)).toThrow(/closedAt/);
  });

  it('leaves events of unknown types to the consumer (not validated, not rejected)', () => {
    const record = toKafkaRecord(createEvent(ContactClosedV1, 'c-1', closed, { source: '/x' }));
    const unknown = fromKafkaMessage({
      value: record.value,
      headers: { ...record.headers, ce_type: 'it.urp.x.Other.v9' },
    });
    expect(validateEvent(catalog, unknown)).toBeUndefined();
  });
});

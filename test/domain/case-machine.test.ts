import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  canApply,
  caseEvents,
  caseStates,
  finalStates,
  isPaused,
  nextState,
  openStates,
  transitions,
} from '../../src/domain/case-machine.js';
import type { CaseEvent, CaseState } from '../../src/domain/case-machine.js';
import { DomainError } from '../../src/domain/errors.js';
import { mulberry32, pick } from '../support/random.js';



function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

// The diagram in CONTRACT §3, edge by edge. `assign` on a case already in review (or waiting for
// the customer) is a reassignment to another reviewer: it keeps the state (staff API `…/assign {to?}`).
// `lapse` is the SLA sweeper's withdrawal of a case whose information request went unanswered: it
// ends on the diagram's `withdrawn`, from a state the diagram's `withdraw` also leaves.
const expected: Record<CaseState, Partial<Record<CaseEvent, CaseState>>> = {
  submitted: { assign: 'in_review', withdraw: 'withdrawn' },
  in_review: {
    assign: 'in_review',
    request_info: 'awaiting_customer',
    approve: 'approved',
    reject: 'rejected',
    withdraw: 'withdrawn',
  },
  awaiting_customer: { assign: 'awaiting_customer', customer_reply: 'in_review', withdraw: 'withdrawn', lapse: 'withdrawn' },
  approved: { fulfilled: 'completed' },
  rejected: {},
  withdrawn: {},
  completed: {},
};

const everyPair = caseStates.flatMap((state) => caseEvents.map((event) => [state, event] as const));

describe('the transition table', () => {
  it.each(everyPair)('%s + %s follows the contract diagram', (state, event) => {
    const to = expected[state][event];
    if (to) {
      expect(canApply(state, event)).toBe(true);
      expect(nextState(state, event)).toBe(to);
    } else {
      expect(canApply(state, event)).toBe(false);
      const err = thrown(() => nextState(state, event));
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({
        kind: 'conflict',
        code: 'invalid_transition',
        details: { state, event, allowed: allowedEvents(state) },
      });
    }
  });

  it('changes state only along the edges drawn in the contract', () => {
    const moves = transitions
      .filter((t) => t.from !== t.to)
      .map((t) => `${t.from} -${t.event}-> ${t.to}`)
      .sort();
    expect(moves).toEqual(
      [
        'submitted -assign-> in_review',
        'in_review -request_info-> awaiting_customer',
        'awaiting_customer -customer_reply-> in_review',
        'in_review -approve-> approved',
        'in_review -reject-> rejected',
        'approved -fulfilled-> completed',
        'submitted -withdraw-> withdrawn',
        'in_review -withdraw-> withdrawn',
        'awaiting_customer -withdraw-> withdrawn',
        'awaiting_customer -lapse-> withdrawn',
      ].sort(),
    );
  });

  it('keeps the state only when a case is reassigned', () => {
    const loops = transitions.filter((t) => t.from === t.to);
    expect(loops.map((t) => t.event)).toEqual(['assign', 'assign']);
    expect(loops.map((t) => t.from).sort()).toEqual(['awaiting_customer', 'in_review']);
  });

  it('has one row per (state, event) pair at most', () => {
    const keys = transitions.map((t) => `${t.from}/${t.event}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lists the allowed events of every state in the table', () => {
    for (const state of caseStates) {
      expect(allowedEvents(state).sort()).toEqual(Object.keys(expected[state]).sort());
    }
  });
});

describe('withdrawal', () => {
  const beforeApproval: CaseState[] = ['submitted', 'in_review', 'awaiting_customer'];

  it.each(beforeApproval)('lets the customer withdraw a case that is %s', (state) => {
    expect(nextState(state, 'withdraw')).toBe('withdrawn');
  });

  it.each(caseStates.filter((s) => !beforeApproval.includes(s)))('refuses withdrawal once the case is %s', (state) => {
    expect(canApply(state, 'withdraw')).toBe(false);
    expect(() => nextState(state, 'withdraw')).toThrow(expect.objectContaining({ code: 'invalid_transition' }));
  });
});

describe('open and final states', () => {
  it('splits all states into open and final, with no state in both', () => {
    const open = new Set(openStates);
    const final = new Set(finalStates);
    expect([...open].filter((s) => final.has(s))).toEqual([]);
    expect([...open, ...final].sort()).toEqual([...caseStates].sort());
    expect(open.size + final.size).toBe(caseStates.length);
  });

  it('counts an approved case as open until it is completed', () => {
    expect(openStates).toContain('approved');
    expect(finalStates).toEqual(expect.arrayContaining(['rejected', 'withdrawn', 'completed']));
  });

  it.each(finalStates)('accepts no event once the case is %s', (state) => {
    expect(allowedEvents(state)).toEqual([]);
    for (const event of caseEvents) expect(canApply(state, event)).toBe(false);
  });

  it.each(caseStates)('pauses the SLA clock only while awaiting the customer (%s)', (state) => {
    expect(isPaused(state)).toBe(state === 'awaiting_customer');
  });
});

describe('random event sequences from submitted', () => {
  const seed = 20261125;
  const walks = 2000;

  it(`stay inside the state machine for ${walks} walks (seed ${seed})`, () => {
    const rnd = mulberry32(seed);
    const states = new Set<CaseState>(caseStates);
    for (let walk = 0; walk < walks; walk++) {
      let state: CaseState = 'submitted';
      const path: CaseState[] = [state];
      const length = 1 + Math.floor(rnd() * 40);
      for (let step = 0; step < length; step++) {
        const event = pick(rnd, caseEvents);
        const where = () => `walk ${walk}, step ${step}: ${path.join(' → ')} + ${event}`;
        if (canApply(state, event)) {
          state = nextState(state, event);
          path.push(state);
        } else {
          const err = thrown(() => nextState(state, event));
          if ((err as DomainError).code !== 'invalid_transition') expect.fail(`${where()}: threw ${String(err)}`);
        }
        if (!states.has(state)) expect.fail(`${where()}: left the state set`);
        if (finalStates.includes(state) && allowedEvents(state).length > 0) expect.fail(`${where()}: final state allows events`);
      }
      const where = `walk ${walk}: ${path.join(' → ')}`;
      if (path.includes('completed')) {
        const completedAt = path.indexOf('completed');
        expect(path[completedAt - 1], where).toBe('approved');
        expect(path.indexOf('approved'), where).toBeLessThan(completedAt);
      }
      if (path.includes('approved')) {
        // Nothing leads back before approval, so an approved case can no longer be withdrawn.
        expect(path.slice(path.indexOf('approved')).includes('withdrawn'), where).toBe(false);
        expect(path[path.indexOf('approved') - 1], where).toBe('in_review');
      }
      // A final state is the end of the road: once reached, the path never moves again.
      const firstFinal = path.findIndex((s) => finalStates.includes(s));
      if (firstFinal >= 0) expect(firstFinal, where).toBe(path.length - 1);
    }
  });
});

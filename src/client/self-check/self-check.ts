// Wires a lesson's self-check section (src/components/SelfCheck.astro): each question's
// Check button shows the verdict and the explanation and saves the answer on the server;
// answers saved before are shown when the page loads. Each question follows answer-state.
import { fill } from '../format.ts';
import { loadProgress } from '../lab/progress.ts';
import { answered, answerTransition, type AnswerEvent, type AnswerState } from './answer-state.ts';

type Strings = typeof import('../../strings.ts').strings.lesson;

const api = (lesson: string) => `/api/self-check/${lesson.split('/').map(encodeURIComponent).join('/')}`;

async function request(lesson: string, init?: RequestInit): Promise<Record<string, number>> {
  const res = await fetch(api(lesson), { credentials: 'same-origin', cache: 'no-store', ...init });
  const body = (await res.json().catch(() => ({}))) as { answers?: Record<string, number>; error?: string };
  if (!res.ok || !body.answers) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.answers;
}

/**
 * On a lab page, the progress load gives a new learner their cookie: wait for it, so that one
 * learner is made, not two. Elsewhere the self-check's own first request gives it.
 */
function learnerReady(): Promise<unknown> {
  const lab = document.querySelector<HTMLElement>('.workbench')?.dataset.lab;
  return lab ? loadProgress(lab) : Promise.resolve();
}

export function wireSelfCheck(section: HTMLElement): void {
  const lesson = section.dataset.selfCheck ?? '';
  const s = JSON.parse(section.dataset.strings ?? '{}') as Strings;
  // The saved answers; a save waits for it (it gives a first visitor the learner cookie).
  const loaded = learnerReady().then(() => request(lesson));
  const questions = [...section.querySelectorAll<HTMLFormElement>('form[data-question]')].map((form) => {
    let state: AnswerState = { phase: 'unanswered' };
    const feedback = form.querySelector<HTMLElement>('[data-feedback]')!;
    const explanation = form.querySelector<HTMLElement>('[data-explanation]')!;
    const right = Number(form.dataset.answer);
    const render = () => {
      explanation.hidden = !answered(state);
      form.dataset.state = state.phase;
      if (!answered(state)) return;
      const radio = form.querySelector<HTMLInputElement>(`input[value="${state.choice}"]`);
      if (radio) radio.checked = true;
      const verdict = state.choice === right ? s.right : fill(s.wrong, { answer: form.dataset.answerText ?? '' });
      form.dataset.verdict = state.choice === right ? 'right' : 'wrong';
      feedback.textContent = state.phase === 'unsaved' ? `${verdict} ${fill(s.notSaved, { reason: state.reason })}` : verdict;
    };
    const dispatch = (event: AnswerEvent) => {
      state = answerTransition(state, event);
      render();
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const picked = form.querySelector<HTMLInputElement>('input[type="radio"]:checked');
      if (!picked) {
        feedback.textContent = s.pickOne;
        return;
      }
      const choice = Number(picked.value);
      dispatch({ type: 'check', choice });
      void loaded
        .catch(() => undefined)
        .then(() => request(lesson, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: form.dataset.question, choice }) }))
        .then(
          () => dispatch({ type: 'stored', choice }),
          (error: unknown) => dispatch({ type: 'save-failed', choice, reason: (error as Error).message }),
        );
    });
    return { id: form.dataset.question ?? '', dispatch };
  });
  void loaded
    .then((saved) => {
      for (const q of questions) if (saved[q.id] !== undefined) q.dispatch({ type: 'loaded', choice: saved[q.id]! });
    })
    .catch(() => undefined);
}

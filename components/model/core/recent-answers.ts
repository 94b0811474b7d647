/**
 * A bounded memory of a pure function's recent answers: the model's caches (policy checks ask the
 * same few questions, such as a resource pattern's names, for every principal and action).
 */

/**
 * The answers to at most `size` questions, each named by a string key. When full, everything is
 * forgotten at once before the next answer is kept: simpler than tracking use, and a run asks the
 * same few questions many times. Answers are shared, so they must be immutable.
 */
export class RecentAnswers<Answer> {
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly size: number) {}

  /** The answer remembered for `key`, or else `compute()`'s, now remembered. */
  answer(key: string, compute: () => Answer): Answer {
    if (this.answers.has(key)) {
      return this.answers.get(key) as Answer;
    }
    const answer = compute();
    if (this.answers.size >= this.size) {
      this.answers.clear();
    }
    this.answers.set(key, answer);
    return answer;
  }
}

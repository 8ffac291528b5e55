import Link from 'next/link';
import { loadLearnData } from '@/lib/learn/data';

/** /learn/<unknown> and /learn/<walkthrough>/<unknown>: say what went wrong and lead back into Learn. */
export default async function LearnNotFound() {
  const { walkthroughs } = await loadLearnData(undefined);
  return (
    <section className="space-y-3" data-testid="learn-not-found">
      <h1 className="text-2xl font-semibold">No such walkthrough or step</h1>
      <p>This address does not name a walkthrough or one of its steps: it may be mistyped, or the step was renamed.</p>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {walkthroughs.map((walkthrough) => (
          <li key={walkthrough.slug}>
            <Link href={`/learn/${walkthrough.slug}/${walkthrough.steps[0].slug}`} className="hover:underline">
              {walkthrough.title}
            </Link>
          </li>
        ))}
      </ul>
      <Link href="/learn" className="text-[var(--accent)] underline" data-testid="learn-not-found-back">
        All walkthroughs
      </Link>
    </section>
  );
}

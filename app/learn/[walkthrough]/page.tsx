import { notFound, redirect } from 'next/navigation';
import { loadLearnData } from '@/lib/learn/data';
import { findWalkthrough } from '@/lib/learn/walkthroughs';

export default async function WalkthroughPage({ params }: { params: Promise<{ walkthrough: string }> }) {
  const { walkthrough: slug } = await params;
  const { walkthroughs } = await loadLearnData(undefined);
  const walkthrough = findWalkthrough(walkthroughs, slug);
  if (!walkthrough) notFound();
  redirect(`/learn/${walkthrough.slug}/${walkthrough.steps[0].slug}`);
}

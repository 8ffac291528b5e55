import { PageSkeleton } from '@/components/skeleton';

export default function Loading() {
  return <PageSkeleton label="Diagnosing the call…" blocks={4} />;
}

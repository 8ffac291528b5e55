import { PageSkeleton } from '@/components/skeleton';

export default function Loading() {
  return <PageSkeleton label="Opening the frozen diagnosis…" blocks={4} />;
}

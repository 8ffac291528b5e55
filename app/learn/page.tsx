export const metadata = { title: 'Learn' };

export default function LearnPage() {
  return <h1 className="text-2xl font-semibold">Learn how AssumeRole works</h1>;
}

import { PageHeaderSkeleton, Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

export default function TemplatesLoading() {
  return (
    <SkeletonGroup label="Loading templates…" className="gap-6">
      <PageHeaderSkeleton />
      <div className="grid gap-4 md:grid-cols-2">
        {[0, 1, 2, 3].map((card) => (
          <Skeleton key={card} className="h-40 w-full" />
        ))}
      </div>
    </SkeletonGroup>
  );
}

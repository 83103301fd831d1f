import { PageHeaderSkeleton, Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

export default function ReleasesLoading() {
  return (
    <SkeletonGroup label="Loading releases…" className="gap-6">
      <PageHeaderSkeleton />
      <Skeleton className="h-20 w-full" />
      <div className="flex flex-col gap-2">
        {[0, 1, 2, 3, 4, 5].map((row) => (
          <Skeleton key={row} className="h-11 w-full" />
        ))}
      </div>
    </SkeletonGroup>
  );
}

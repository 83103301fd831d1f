import { PageHeaderSkeleton, Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

export default function ProjectLoading() {
  return (
    <SkeletonGroup label="Loading the project…" className="gap-8">
      <PageHeaderSkeleton />
      <Skeleton className="h-32 w-full" />
      <div className="flex flex-col gap-2">
        {[0, 1, 2, 3].map((row) => (
          <Skeleton key={row} className="h-11 w-full" />
        ))}
      </div>
    </SkeletonGroup>
  );
}

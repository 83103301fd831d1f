import { PageHeaderSkeleton, Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

export default function RunLoading() {
  return (
    <SkeletonGroup label="Loading the deploy run…" className="gap-6">
      <PageHeaderSkeleton />
      <div className="grid gap-4 md:grid-cols-[16rem_1fr]">
        <div className="flex flex-col gap-2">
          {[0, 1, 2, 3, 4].map((step) => (
            <Skeleton key={step} className="h-9 w-full" />
          ))}
        </div>
        <Skeleton className="h-96 w-full" />
      </div>
    </SkeletonGroup>
  );
}

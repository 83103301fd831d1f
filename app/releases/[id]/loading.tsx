import { PageHeaderSkeleton, Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

export default function ReleaseLoading() {
  return (
    <SkeletonGroup label="Loading the release…" className="gap-8">
      <PageHeaderSkeleton />
      <Skeleton className="h-28 w-full" />
      {[0, 1, 2].map((section) => (
        <div key={section} className="flex flex-col gap-2">
          <Skeleton className="h-5 w-48" />
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      ))}
    </SkeletonGroup>
  );
}

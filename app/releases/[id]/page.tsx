import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/lib/auth/session";
import { getDeployPanelData, listProjectFlags } from "@/lib/deploys/queries";
import { getReleaseDetail, getReleaseTimeline, listReleaseManagers } from "@/lib/releases/queries";
import { ReleasePage } from "./_components/release-page";

export const dynamic = "force-dynamic";

type ReleasePageProps = { params: Promise<{ id: string }> };

// The page and its metadata share one query per request.
const loadRelease = cache(async (id: string) => (id.length <= 64 ? getReleaseDetail(id) : null));

export async function generateMetadata({ params }: ReleasePageProps): Promise<Metadata> {
  const release = await loadRelease((await params).id);
  return { title: release ? `${release.project.name} ${release.version}` : "Release not found" };
}

export default async function ReleaseDetailPage({ params }: ReleasePageProps) {
  const user = await requireUser();
  const { id } = await params;
  const release = await loadRelease(id);
  if (!release) notFound();
  const [timeline, managers, deploys, flags] = await Promise.all([
    getReleaseTimeline(release.id),
    listReleaseManagers(),
    getDeployPanelData(release.id, release.project.id),
    listProjectFlags(release.project.id),
  ]);
  return (
    <ReleasePage
      initialRelease={release}
      initialTimeline={timeline}
      viewer={{ id: user.id, name: user.name, role: user.role }}
      managers={managers.map((m) => ({ id: m.id, name: m.name }))}
      deploys={deploys}
      flags={flags}
    />
  );
}

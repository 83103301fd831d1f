// Every REST API endpoint, in the order of the reference. The OpenAPI document is built from this list, and
// the contract test checks that each one is served by its route file and answers as documented.
import "server-only";
import type { Endpoint } from "../endpoint";
import { reportCheck } from "./checks";
import { cancelDeploy, getDeploy, getDeployLogs, listDeploys, startDeploy } from "./deploys";
import { getFlag, listFlags, setFlag } from "./flags";
import { markItemNotApplicable, noteItem, tickItem, untickItem } from "./items";
import { createProject, getProject, listProjects } from "./projects";
import { createRelease, getRelease, listReleases } from "./releases";
import { listSignoffs } from "./signoffs";
import { getTimeline } from "./timeline";

export const apiEndpoints: readonly Endpoint[] = [
  listProjects,
  createProject,
  getProject,
  listReleases,
  createRelease,
  getRelease,
  tickItem,
  untickItem,
  noteItem,
  markItemNotApplicable,
  reportCheck,
  listSignoffs,
  listDeploys,
  startDeploy,
  getDeploy,
  cancelDeploy,
  getDeployLogs,
  listFlags,
  getFlag,
  setFlag,
  getTimeline,
];

// Inputs of the notification channel actions, shared by the form and the actions.
import { z } from "zod";
import { atMostChars } from "@/lib/format";
import { CHANNEL_LIMITS, channelKinds, notificationEvents } from "./rules";


const id = (what: string) => z.string({ error: `Missing ${what}` }).min(1, `Missing ${what}`).max(64, `Unknown ${what}`);

export const createChannelSchema = z.object({
  projectId: id("project"),
  kind: z.enum(channelKinds, { error: "Choose Slack or webhook" }),
  name: z.string({ error: "Name the channel" }).trim().min(1, "Name the channel").max(CHANNEL_LIMITS.nameChars, atMostChars("A channel name", CHANNEL_LIMITS.nameChars)),
  url: z
    .string({ error: "Enter the URL" })
    .trim()
    .min(1, "Enter the URL")
    .max(CHANNEL_LIMITS.urlChars, atMostChars("The URL", CHANNEL_LIMITS.urlChars))
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "Enter an http(s) URL"),
  events: z
    .array(z.enum(notificationEvents, { error: "Unknown event" }), { error: "Choose the events" })
    .min(1, "Choose at least one event")
    .max(notificationEvents.length, "Unknown event"),
});

export const channelRefSchema = z.object({ channelId: id("channel") });
export const setChannelDisabledSchema = z.object({ channelId: id("channel"), disabled: z.boolean({ error: "Say whether the channel is on" }) });

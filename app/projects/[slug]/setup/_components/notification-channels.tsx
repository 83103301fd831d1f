"use client";

import { useId, useState } from "react";
import { useAction, type Outcome } from "@/components/actions/use-action";
import { StatusLine, useStatusForm } from "@/components/actions/use-status-form";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { borderFor, Field, InputField, selectClasses } from "@/components/ui/field";
import { GuardedButton } from "@/components/ui/guarded-button";
import { formatDateTime } from "@/lib/format";
import {
  createNotificationChannelAction,
  deleteNotificationChannelAction,
  sendTestNotificationAction,
  setNotificationChannelDisabledAction,
} from "@/lib/notifications/actions";
import { CHANNEL_LIMITS, channelKindLabels, isNotificationEvent, notificationEventLabels, notificationEvents, type ChannelKind, type NotificationEvent } from "@/lib/notifications/rules";
import { cn } from "@/lib/utils";
import { ScrollTable, TableHead } from "@/components/ui/table";

export interface NotificationChannelRow {
  id: string;
  kind: ChannelKind;
  name: string;
  urlHint: string;
  events: string[];
  disabled: boolean;
  deliveries: { id: string; event: string; status: "PENDING" | "SENT" | "FAILED" | "DEAD"; attempts: number; lastStatusCode: number | null; lastError: string | null; createdAt: string }[];
}

const statusTones: Record<NotificationChannelRow["deliveries"][number]["status"], BadgeTone> = { PENDING: "info", SENT: "success", FAILED: "warning", DEAD: "danger" };
const statusLabels: Record<NotificationChannelRow["deliveries"][number]["status"], string> = { PENDING: "Pending", SENT: "Sent", FAILED: "Will retry", DEAD: "Gave up" };
const eventLabel = (event: string) => (isNotificationEvent(event) ? notificationEventLabels[event] : event === "test" ? "Test message" : event);

/** The project's notification channels: add, turn off and on, delete, send a test message, and each one's delivery log. */
export function NotificationChannels({ projectId, channels }: { projectId: string; channels: NotificationChannelRow[] }) {
  const id = useId();
  const [kind, setKind] = useState<ChannelKind>("SLACK");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<NotificationEvent[]>(["deploy_failed", "deploy_needs_decision"]);
  const { errors, message, refused, saved, report } = useStatusForm();
  const [secret, setSecret] = useState<string | null>(null);
  const createChannel = useAction(createNotificationChannelAction);
  const sendTest = useAction(sendTestNotificationAction);
  const setDisabled = useAction(setNotificationChannelDisabledAction);
  const deleteChannel = useAction(deleteNotificationChannelAction);
  const pending = createChannel.pending;

  async function save() {
    if (pending) return;
    const result = await createChannel.run({ projectId, kind, name, url, events });
    if (!result.ok) return refused(result);
    setName("");
    setUrl("");
    setSecret(result.data.signingSecret);
    saved(`Added ${name.trim()}.`);
  }

  async function act(run: () => Promise<Outcome<unknown>>, done: string) {
    report(await run(), done);
  }

  return (
    <div className="flex flex-col gap-4">
      {channels.length === 0 ? <p className="text-sm text-muted">No channels yet: nobody is told anything.</p> : null}
      <ul className="flex flex-col gap-3" aria-label="Notification channels">
        {channels.map((channel) => (
          <li key={channel.id} className="flex flex-col gap-2 rounded-md border border-border px-3 py-2 text-sm" aria-label={channel.name}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="font-medium">{channel.name}</span>
              <Badge>{channelKindLabels[channel.kind]}</Badge>
              {channel.disabled ? <Badge tone="warning">Off</Badge> : null}
              <code className="min-w-0 font-mono text-xs break-all text-muted">{channel.urlHint}</code>
            </div>
            <p className="text-xs text-muted">{channel.events.map(eventLabel).join(" · ")}</p>
            <div className="flex flex-wrap gap-2">
              <Button
                variant="secondary"
                size="sm"
                disabled={channel.disabled}
                onClick={() => void act(() => sendTest.run({ channelId: channel.id }), `Test message queued for ${channel.name}.`)}
              >
                Send test message
              </Button>
              <Button
                variant="ghost"
                size="sm"
                onClick={() =>
                  void act(
                    () => setDisabled.run({ channelId: channel.id, disabled: !channel.disabled }),
                    `${channel.name} turned ${channel.disabled ? "on" : "off"}.`,
                  )
                }
              >
                {channel.disabled ? "Turn on" : "Turn off"}
              </Button>
              <ConfirmDialog
                trigger={
                  <Button variant="ghost" size="sm" aria-label={`Delete ${channel.name}`}>
                    Delete
                  </Button>
                }
                title={`Delete the channel “${channel.name}”?`}
                description="It gets no more notifications, and its delivery log is deleted with it."
                confirmLabel="Delete channel"
                tone="danger"
                onConfirm={() => act(() => deleteChannel.run({ channelId: channel.id }), `Deleted ${channel.name}.`)}
              />
            </div>
            <details>
              <summary className="cursor-pointer text-xs font-medium">Delivery log ({channel.deliveries.length === CHANNEL_LIMITS.logRows ? `latest ${CHANNEL_LIMITS.logRows}` : channel.deliveries.length})</summary>
              {channel.deliveries.length === 0 ? (
                <p className="mt-1 text-xs text-muted">Nothing sent yet.</p>
              ) : (
                <ScrollTable caption={`Deliveries to ${channel.name}`} tableClassName="mt-1 min-w-[32rem] text-xs">
                  <TableHead className="text-muted" cellClassName="py-1 pr-3" columns={["Event", "Status", "Attempts", "Response", { label: "Time", className: "pr-0" }]} />
                  <tbody>
                    {channel.deliveries.map((delivery) => (
                      <tr key={delivery.id} className="border-t border-border align-top">
                        <td className="py-1 pr-3">{eventLabel(delivery.event)}</td>
                        <td className="py-1 pr-3">
                          <Badge tone={statusTones[delivery.status]}>{statusLabels[delivery.status]}</Badge>
                          {delivery.lastError ? <span className="mt-1 block text-muted [overflow-wrap:anywhere]">{delivery.lastError}</span> : null}
                        </td>
                        <td className="py-1 pr-3">{delivery.attempts}</td>
                        <td className="py-1 pr-3">{delivery.lastStatusCode ?? "–"}</td>
                        <td className="py-1 text-muted">{formatDateTime(new Date(delivery.createdAt))}</td>
                      </tr>
                    ))}
                  </tbody>
                </ScrollTable>
              )}
            </details>
          </li>
        ))}
      </ul>

      {secret ? (
        <div role="status" className="flex flex-col gap-2 rounded-md border border-success/30 bg-success-soft px-3 py-2 text-sm">
          <p className="font-medium">The signing secret, shown this once: give it to the webhook&rsquo;s consumer to verify the signatures.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="min-w-0 font-mono text-xs break-all" data-testid="signing-secret">
              {secret}
            </code>
            <CopyButton text={secret} label="signing secret" size="sm" />
          </div>
        </div>
      ) : null}

      <form
        className="grid items-start gap-3 sm:grid-cols-[10rem_1fr]"
        aria-label="Add a notification channel"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Field id={`${id}-kind`} label="Kind" errors={errors.kind}>
          {(aria) => (
            <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.currentTarget.value as ChannelKind)} className={cn(selectClasses, borderFor(!!errors.kind))} {...aria}>
              <option value="SLACK">{channelKindLabels.SLACK}</option>
              <option value="WEBHOOK">{channelKindLabels.WEBHOOK}</option>
            </select>
          )}
        </Field>
        <InputField
          id={`${id}-name`} label="Name" hint="e.g. #releases" errors={errors.name} value={name}
          onChange={(event) => setName(event.currentTarget.value)} autoComplete="off" maxLength={CHANNEL_LIMITS.nameChars}
        />
        <InputField
          id={`${id}-url`} label="URL"
          hint={kind === "SLACK" ? "The Slack incoming-webhook URL. Kept encrypted and shown masked." : "Where to POST. Signed per Standard Webhooks with a secret made here."}
          errors={errors.url} className="sm:col-span-2" type="url" value={url} onChange={(event) => setUrl(event.currentTarget.value)}
          autoComplete="off" spellCheck={false} maxLength={CHANNEL_LIMITS.urlChars} inputClassName="font-mono"
        />
        <fieldset className="flex flex-col gap-1 text-sm sm:col-span-2" aria-describedby={errors.events ? `${id}-events-error` : undefined}>
          <legend className="mb-1 font-medium">Events</legend>
          {notificationEvents.map((event) => (
            <label key={event} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={events.includes(event)}
                onChange={(change) => {
                  const checked = change.currentTarget.checked;
                  setEvents((current) => (checked ? [...current, event] : current.filter((e) => e !== event)));
                }}
              />
              {notificationEventLabels[event]}
            </label>
          ))}
          {errors.events ? (
            <p id={`${id}-events-error`} className="text-sm text-danger-text">
              {errors.events.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <GuardedButton type="submit" variant="secondary" pending={pending} disabledReason={name.trim() && url.trim() ? null : "Enter a name and a URL"}>
            {pending ? "Adding…" : "Add channel"}
          </GuardedButton>
          <StatusLine message={message} />
        </div>
      </form>
    </div>
  );
}

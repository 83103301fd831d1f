"use client";

import { useId, useState } from "react";
import { useAction } from "@/components/actions/use-action";
import { StatusLine, useStatusForm } from "@/components/actions/use-status-form";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { GuardedButton } from "@/components/ui/guarded-button";
import { formatDateTime } from "@/lib/format";
import { deleteProjectVariableAction, setProjectVariableAction } from "@/lib/projects/actions";
import { PROJECT_LIMITS } from "@/lib/projects/limits";
import type { ProjectVariableRow } from "@/lib/projects/queries";
import { ScrollTable, TableHead } from "@/components/ui/table";

/** The project's variables (plain values, shown to everyone who sees the project): set, replace, delete. */
export function ProjectVariables({ projectId, variables }: { projectId: string; variables: ProjectVariableRow[] }) {
  const setVariable = useAction(setProjectVariableAction);
  const deleteVariable = useAction(deleteProjectVariableAction);
  const pending = setVariable.pending;
  const id = useId();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const { errors, message, refused, saved, report } = useStatusForm();

  async function save() {
    if (pending) return;
    const result = await setVariable.run({ projectId, name, value });
    if (!result.ok) return refused(result);
    setName("");
    setValue("");
    saved(`${result.data.created ? "Added" : "Changed"} \${${result.data.name}}.`);
  }

  async function remove(variableName: string) {
    report(await deleteVariable.run({ projectId, name: variableName }), `Deleted \${${variableName}}.`);
  }

  return (
    <div className="flex flex-col gap-3">
      {variables.length === 0 ? (
        <p className="text-sm text-muted">This project has no variables of its own yet.</p>
      ) : (
        <ScrollTable caption="Variables of this project" tableClassName="min-w-[32rem]">
          <TableHead className="text-xs text-muted" cellClassName="py-1 pr-3" columns={["Name", "Value", "Last set", { label: "Actions", className: "pr-0", srOnly: true }]} />
          <tbody>
            {variables.map((variable) => (
              <tr key={variable.name} className="border-t border-border align-top">
                <td className="py-2 pr-3 font-mono text-xs">{`\${${variable.name}}`}</td>
                <td className="max-w-[16rem] py-2 pr-3 font-mono text-xs break-all">{variable.value}</td>
                <td className="py-2 pr-3 text-muted">
                  {formatDateTime(new Date(variable.updatedAt))}
                  {variable.updatedBy ? ` by ${variable.updatedBy}` : ""}
                </td>
                <td className="py-1 text-right">
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm" aria-label={`Delete ${variable.name}`}>
                        Delete
                      </Button>
                    }
                    title={`Delete \${${variable.name}}?`}
                    description="Checklist commands that use it show it unfilled. A variable the latest pipelines use cannot be deleted."
                    confirmLabel="Delete variable"
                    tone="danger"
                    onConfirm={() => remove(variable.name)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <form
        className="grid items-start gap-3 sm:grid-cols-[14rem_1fr]"
        aria-label="Set a variable"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <InputField
          id={`${id}-name`} label="Name" hint="UPPER_CASE, e.g. IMAGE. An existing name gets the new value." errors={errors.name} value={name}
          onChange={(event) => setName(event.currentTarget.value.toUpperCase())} autoComplete="off" spellCheck={false} maxLength={PROJECT_LIMITS.variableNameChars}
          inputClassName="font-mono"
        />
        <InputField
          id={`${id}-value`} label="Value" hint="Not secret: anyone who can see the project can read it. Use a secret for tokens."
          errors={errors.value} value={value} onChange={(event) => setValue(event.currentTarget.value)} autoComplete="off" spellCheck={false}
          maxLength={PROJECT_LIMITS.variableValueChars} inputClassName="font-mono"
        />
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <GuardedButton type="submit" variant="secondary" pending={pending} disabledReason={name && value ? null : "Enter a name and a value"}>
            {pending ? "Saving…" : "Set variable"}
          </GuardedButton>
          <StatusLine message={message} />
        </div>
      </form>
    </div>
  );
}

"use client";

import { DropdownMenu } from "radix-ui";
import { useTheme } from "next-themes";
import { Button } from "@/components/ui/button";
import { CheckIcon, MonitorIcon, MoonIcon, SunIcon, ThemeIcon } from "@/components/ui/icons";

const themes = [
  { value: "light", label: "Light", Icon: SunIcon },
  { value: "dark", label: "Dark", Icon: MoonIcon },
  { value: "system", label: "System", Icon: MonitorIcon },
] as const;

/** Light, dark or the OS setting (the default); next-themes keeps the choice in this browser. */
export function ThemeMenu() {
  const { theme, setTheme } = useTheme();
  return (
    <DropdownMenu.Root>
      {/* The trigger's icon does not depend on the choice: the server cannot know it, so the markup stays the same. */}
      <DropdownMenu.Trigger asChild>
        <Button variant="ghost" size="icon" className="size-8" aria-label="Theme">
          <ThemeIcon />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 min-w-36 rounded-md border border-border bg-surface p-1 text-sm text-foreground shadow-md animate-fade-in motion-reduce:animate-none"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium text-muted">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={theme} onValueChange={setTheme}>
            {themes.map(({ value, label, Icon }) => (
              <DropdownMenu.RadioItem
                key={value}
                value={value}
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none select-none data-[highlighted]:bg-surface-muted"
              >
                <Icon className="text-muted" />
                <span className="flex-1">{label}</span>
                <DropdownMenu.ItemIndicator>
                  <CheckIcon />
                </DropdownMenu.ItemIndicator>
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

// The app's icons, from lucide-react, under the names the UI uses for them (a step "waiting" for approval is
// HandIcon, a skipped one SkipIcon). Decorative: lucide sets aria-hidden unless an accessible name is given;
// the text next to an icon says what it means. 16px by default (the `.lucide` rule in app/globals.css); a
// `className` or a parent's `[&_svg]:size-…` sizes them otherwise.
import { CircleAlert, LoaderCircle, type LucideProps } from "lucide-react";
import { cn } from "@/lib/utils";

export {
  ArrowDown as ArrowDownIcon,
  Ban as BanIcon,
  Check as CheckIcon,
  ChevronDown as ChevronDownIcon,
  ChevronUp as ChevronUpIcon,
  CircleCheck as CheckCircleIcon,
  CircleDashed as CircleIcon,
  CirclePause as HandIcon,
  CircleX as XCircleIcon,
  Clock as ClockIcon,
  Copy as CopyIcon,
  Download as DownloadIcon,
  Ellipsis as MoreIcon,
  ExternalLink as ExternalIcon,
  GripVertical as GripIcon,
  Link as LinkIcon,
  Lock as LockIcon,
  Minus as DashIcon,
  Monitor as MonitorIcon,
  Moon as MoonIcon,
  PenLine as PencilIcon,
  Plus as PlusIcon,
  Rocket as RocketIcon,
  Shield as ShieldIcon,
  ShieldAlert as BreakGlassIcon,
  SkipForward as SkipIcon,
  Sun as SunIcon,
  SunMoon as ThemeIcon,
  Trash2 as TrashIcon,
  TriangleAlert as AlertTriangleIcon,
  Undo2 as UndoIcon,
  Upload as UploadIcon,
  X as CloseIcon,
} from "lucide-react";

/** For inline error messages: nudged down to sit on the first line of the text beside it. */
export const AlertIcon = ({ className, ...props }: LucideProps) => <CircleAlert className={cn("mt-0.5", className)} {...props} />;

export const SpinnerIcon = ({ className, ...props }: LucideProps) => <LoaderCircle className={cn("animate-spin motion-reduce:animate-none", className)} {...props} />;

// @prisma/migrate 7.10's package.json points "types" at a path it does not ship; its declarations live in dist/src.
declare module "@prisma/migrate" {
  export * from "@prisma/migrate/dist/src/index";
  import * as migrate from "@prisma/migrate/dist/src/index";
  export default migrate;
}

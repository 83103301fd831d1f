// A flag definition's limits, shared by ./schemas.ts and the forms. Free of zod, so client components can use it.
export const FLAG_LIMITS = { keyChars: 100, descriptionChars: 500 } as const;

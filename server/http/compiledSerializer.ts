/**
 * A route's responses serialized by code compiled once from the route's zod schemas
 * (fast-json-stringify over the same JSON Schema that /docs shows), for the busiest route: the
 * type provider's serializer (fastify-type-provider-zod) encodes every answer through zod, checking
 * each uuid and instant against its pattern, and then runs JSON.stringify. The fields written are
 * the schema's, as before: properties the schema lacks are left out, a required one missing throws.
 * What the route answers must already be what its schema says (it comes from bookingFromRow).
 */
import fastJson from 'fast-json-stringify'
import { z } from 'zod'

type Serializer = (data: unknown) => string

export const compiledSerializerCompiler = ({ schema }: { schema: unknown }): Serializer => {
  if (!(schema instanceof z.ZodType)) throw new Error('compiledSerializerCompiler needs a zod schema')
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' })
  return fastJson(jsonSchema as Parameters<typeof fastJson>[0]) as Serializer
}

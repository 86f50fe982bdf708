import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { API_SCOPES, ApiScope } from '@tronpay/models';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 100, example: 'shop backend' })
  @IsString()
  @MaxLength(100)
  @Matches(/^[\x20-\x7e]*\S[\x20-\x7e]*$/, { message: 'name must be printable ASCII and not blank' })
  name: string;

  @ApiProperty({ enum: API_SCOPES, isArray: true, example: ['invoices:read', 'invoices:write'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_SCOPES.length)
  @IsIn(API_SCOPES, { each: true })
  scopes: ApiScope[];
}

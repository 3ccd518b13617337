import { formatArea, formatShanghai } from './time';

/**
 * One error table for the whole product. A code is stable (clients branch on it, or on its `kind`);
 * `message` is the Chinese template the UI shows, with `{param}` placeholders filled from typed
 * parameters; `params` declares each parameter's kind (how it is typed and rendered).
 * Use cases throw `new AppError(code, params)` and never build sentences themselves.
 *
 * Adding a code = one line here, e.g.
 *   ALREADY_VOTED: { kind: 'conflict', message: '你已经投过票了，回执 {receipt}', params: { receipt: 'text' } },
 */
export type ErrorKind = 'invalid' | 'auth' | 'forbidden' | 'not_found' | 'conflict' | 'state' | 'internal';
/** text: as is; count: integer; instant: ISO instant shown in Beijing time; area: 0.01 m² integer shown as 89.52 */
export type ParamKind = 'text' | 'count' | 'instant' | 'area';
interface ErrorEntry {
  kind: ErrorKind;
  message: string;
  params?: Record<string, ParamKind>;
}

export const ERRORS = {
  // ── generic ──
  BAD_REQUEST: { kind: 'invalid', message: '请求格式不正确' },
  VALIDATION_FAILED: { kind: 'invalid', message: '提交的内容有误，请按提示修改' },
  UNKNOWN_ACTION: { kind: 'invalid', message: '不支持的操作' },
  NOT_AUTHENTICATED: { kind: 'auth', message: '请先登录' },
  NOT_A_MEMBER: { kind: 'forbidden', message: '你还不是该小区的成员' },
  FORBIDDEN: { kind: 'forbidden', message: '你没有权限执行此操作' },
  NOT_FOUND: { kind: 'not_found', message: '内容不存在或已被删除' },
  CONFLICT: { kind: 'conflict', message: '数据刚被他人修改，请刷新后重试' },
  DUPLICATE: { kind: 'conflict', message: '已经提交过，不能重复提交' },
  INVALID_STATE: { kind: 'state', message: '当前阶段不允许此操作' },
  INTERNAL: { kind: 'internal', message: '系统繁忙，请稍后再试' },
  NETWORK_ERROR: { kind: 'internal', message: '网络异常，请稍后重试' },
  HOST_REFUSED: { kind: 'forbidden', message: '请通过本机地址（127.0.0.1 或 localhost）访问' },
  ORIGIN_REFUSED: { kind: 'forbidden', message: '请求来自其他网站，已拒绝' },
  UNSUPPORTED_MEDIA_TYPE: { kind: 'invalid', message: '请求内容必须是 JSON' },
  // ── validation of one field (FieldError.code); {label} is the field's Chinese name ──
  FIELD_REQUIRED: { kind: 'invalid', message: '{label}不能为空', params: { label: 'text' } },
  FIELD_INVALID: { kind: 'invalid', message: '{label}格式不正确', params: { label: 'text' } },
  FIELD_TOO_SHORT: { kind: 'invalid', message: '{label}至少需要 {minimum} {unit}', params: { label: 'text', minimum: 'count', unit: 'text' } },
  FIELD_TOO_LONG: { kind: 'invalid', message: '{label}最多 {maximum} {unit}', params: { label: 'text', maximum: 'count', unit: 'text' } },
  FIELD_TOO_SMALL: { kind: 'invalid', message: '{label}不能小于 {minimum}', params: { label: 'text', minimum: 'count' } },
  FIELD_TOO_BIG: { kind: 'invalid', message: '{label}不能大于 {maximum}', params: { label: 'text', maximum: 'count' } },
  FIELD_NOT_ALLOWED: { kind: 'invalid', message: '{label}不是可选的值', params: { label: 'text' } },
  FIELD_UNKNOWN: { kind: 'invalid', message: '不允许的字段：{keys}', params: { keys: 'text' } },
  FIELD_REJECTED: { kind: 'invalid', message: '{label}不符合要求', params: { label: 'text' } },
  FIELD_BAD_CHARACTERS: { kind: 'invalid', message: '{label}含有无法识别的字符，请删除后重新输入', params: { label: 'text' } },
  // ── files (client checks and server reads) ──
  FILE_NAME_MISSING: { kind: 'invalid', message: '文件名不能为空' },
  FILE_EMPTY: { kind: 'invalid', message: '文件是空的，请重新选择' },
  FILE_TOO_LARGE: { kind: 'invalid', message: '文件太大（超过 {maxMb} MB），请重新选择', params: { maxMb: 'count' } },
  FILE_RESELECT: { kind: 'invalid', message: '请重新选择文件' },
  UPLOAD_UNSUPPORTED: { kind: 'internal', message: '当前环境不支持上传文件' },
  UPLOAD_NOT_ALLOWED: { kind: 'forbidden', message: '当前账号不能上传文件' },
  NOT_OWN_UPLOAD: { kind: 'forbidden', message: '只能使用你自己上传的文件，请重新上传' },
  UPLOAD_QUOTA_EXCEEDED: { kind: 'state', message: '24 小时内最多上传 {files} 个文件（共 {maxMb} MB），请稍后再试', params: { files: 'count', maxMb: 'count' } },
  FILE_NOT_FOUND: { kind: 'not_found', message: '文件不存在或已被删除，请重新上传' },
  // ── identity: estates, roster, verification ──
  ESTATE_NOT_FOUND: { kind: 'not_found', message: '没有找到这个小区' },
  UNIT_NOT_IN_ROSTER: { kind: 'not_found', message: '名册中没有这个房号，请核对楼栋、单元和房号' },
  UNIT_NO_LONGER_IN_ROSTER: { kind: 'not_found', message: '名册中已没有这个房屋' },
  PHONE_TWO_SOURCES: { kind: 'invalid', message: '手机号只需一种方式：填写或使用微信手机号' },
  PHONE_REQUIRED: { kind: 'invalid', message: '请填写手机号或使用微信手机号' },
  PHONE_CODE_EXPIRED: { kind: 'invalid', message: '微信手机号获取失败或已过期，请重新获取或直接填写' },
  ID_LAST4_REQUIRED: { kind: 'invalid', message: '本小区要求填写身份证后四位' },
  DEVELOPER_HELD_UNIT: { kind: 'state', message: '该房屋在名册中登记为开发商持有，请上传不动产权证由居委会审核' },
  ROSTER_MISMATCH: { kind: 'invalid', message: '填写的信息与名册不一致，还可以尝试 {attemptsLeft} 次。', params: { attemptsLeft: 'count' } },
  VERIFICATION_LOCKED: { kind: 'state', message: '核验失败次数过多，已锁定至 {lockedUntil}，居委会已收到提醒。你也可以上传不动产权证或到社区线下核验。', params: { lockedUntil: 'instant' } },
  PERSON_ALREADY_LINKED: { kind: 'conflict', message: '该业主已由另一个微信账号完成认证。如需更换账号，请联系社区居委会。' },
  REQUEST_ALREADY_DECIDED: { kind: 'state', message: '这个申请已经处理过了' },
  ROSTER_OWNER_SUPERSEDED: { kind: 'state', message: '这套房屋已由新业主凭不动产权证认证，名册尚未更新。如有疑问，请联系社区居委会。' },
  TRANSFER_DECISION_REQUIRED: { kind: 'state', message: '这套房屋登记为开发商持有或已有认证业主，通过前需要明确作出产权转移决定并填写理由' },
  TRANSFER_REASON_REQUIRED: { kind: 'invalid', message: '作出产权转移决定时请填写理由（核对了哪些材料）' },
  REVIEW_ITEM_NOT_FOUND: { kind: 'not_found', message: '没有找到这条名册复核记录' },
  REVIEW_ALREADY_SETTLED: { kind: 'state', message: '这条名册复核已经处理过了' },
  REJECT_REASON_REQUIRED: { kind: 'invalid', message: '驳回时请填写理由' },
  OFFLINE_NOTE_REQUIRED: { kind: 'invalid', message: '线下核验通过时请记录核验了哪些材料' },
  MEMBER_NOT_FOUND: { kind: 'not_found', message: '没有找到这个成员' },
  OWN_ROLES_UNCHANGEABLE: { kind: 'forbidden', message: '不能授予或撤销自己的角色，请由其他工作人员操作' },
  OWN_REQUEST_DECISION: { kind: 'forbidden', message: '不能审核自己提交的申请，请由其他工作人员处理' },
  OWN_UNIT_DECISION: { kind: 'forbidden', message: '你关联了这套房屋，不能为它指定表决权代表，请由其他工作人员处理' },
  ROLE_GRANT_NOT_FOUND: { kind: 'not_found', message: '没有找到这项角色授予' },
  ROLE_GRANT_NOT_PENDING: { kind: 'state', message: '这项角色授予已经处理过了' },
  ROLE_GRANT_EXPIRED: { kind: 'state', message: '这项角色授予超过 {days} 天无人确认，已失效，请重新发起', params: { days: 'count' } },
  ROLE_GRANT_SECOND_PERSON: { kind: 'forbidden', message: '需由发起人和被授予人以外的另一位工作人员或街道确认' },
  ROLE_GRANT_PROPOSER_ONLY: { kind: 'forbidden', message: '只有发起人可以撤回这项角色授予' },
  ROLE_ALREADY_HELD: { kind: 'state', message: '该成员已有这个角色' },
  INVITATION_NOT_FOUND: { kind: 'not_found', message: '邀请码不正确，请核对后重新输入' },
  INVITATION_EXPIRED: { kind: 'state', message: '邀请码已于 {expiresAt} 过期，请联系管理员重新签发', params: { expiresAt: 'instant' } },
  INVITATION_REVOKED: { kind: 'state', message: '邀请码已被撤销，请联系管理员' },
  INVITATION_USED: { kind: 'state', message: '邀请码已经使用过，每个邀请码只能使用一次' },
  ROLE_NOT_HELD: { kind: 'state', message: '该成员没有这个角色' },
  MEMBER_NOT_LINKED_TO_UNIT: { kind: 'not_found', message: '该成员没有关联这套房屋' },
  UNIT_OWNERS_ONLY: { kind: 'forbidden', message: '只有这套房屋的业主或社区工作人员可以查看' },
  CO_OWNERS_ONLY: { kind: 'forbidden', message: '只有这套房屋的共有人可以提议或确认表决权代表' },
  NOT_A_VERIFIED_CO_OWNER: { kind: 'not_found', message: '此人不是这套房屋已认证的共有人' },
  ALREADY_REPRESENTATIVE: { kind: 'state', message: '他/她已经是表决权代表' },
  NO_PENDING_PROPOSAL: { kind: 'state', message: '没有待确认的表决权代表变更' },
  ALREADY_CONFIRMED: { kind: 'state', message: '你已经确认过了' },
  CONFIRMATION_NOT_NEEDED: { kind: 'state', message: '这次变更不需要你确认' },
  NOT_PROPOSER: { kind: 'forbidden', message: '只有提议人可以撤回这次变更' },
  ROSTER_VERSION_MOVED: { kind: 'conflict', message: '名册在你预览之后已被更新为第 {version} 版，请重新上传并预览', params: { version: 'count' } },
  ROSTER_DATA_MOVED: { kind: 'conflict', message: '名册数据在你预览之后有变化，请重新上传并预览' },
  ROSTER_UNCHANGED: { kind: 'state', message: '上传的名册与当前第 {version} 版没有变化，无需生成新版本', params: { version: 'count' } },
  IMPORT_NOT_FOUND: { kind: 'not_found', message: '找不到这次导入，请重新上传并预览' },
  IMPORT_ALREADY_CONFIRMED: { kind: 'state', message: '这次导入已经确认过了（第 {version} 版）', params: { version: 'count' } },
  PREVIEW_EXPIRED: { kind: 'state', message: '预览已超过 {hours} 小时，请重新上传并预览', params: { hours: 'count' } },
  IMPORT_IN_PROGRESS: { kind: 'state', message: '这次导入正在写入（已完成 {done} / {total} 项），请等待完成', params: { done: 'count', total: 'count' } },
  ROSTER_IMPORT_BUSY: { kind: 'conflict', message: '另一份名册正在写入，请等它完成后再确认' },
  BULK_JOB_FAILED: { kind: 'state', message: '这项批量操作已失败，请重新发起' },
  ROSTER_FILE_EMPTY: { kind: 'invalid', message: '文件是空的' },
  ROSTER_FILE_TOO_LARGE: { kind: 'invalid', message: '文件不能超过 {maxMb} MB', params: { maxMb: 'count' } },
  ROSTER_FILE_OLD_XLS: { kind: 'invalid', message: '这是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中“另存为” .xlsx 后再上传' },
  ROSTER_FILE_NOT_XLSX: { kind: 'invalid', message: '文件不是有效的 .xlsx 表格：请用 Excel 或 WPS 打开后“另存为” .xlsx 再上传' },
  ROSTER_FILE_NOT_TEXT: { kind: 'invalid', message: '文件不是文本格式的 CSV，请上传 .xlsx 或 .csv 名册' },
  ROSTER_FILE_CORRUPT: { kind: 'invalid', message: '文件不是有效的 .xlsx 表格（可能已损坏）：请用 Excel 或 WPS 打开后重新保存' },
  ROSTER_FILE_UNPACKED_TOO_LARGE: { kind: 'invalid', message: '表格内容过大，请只保留名册这一张工作表后再上传' },
  ROSTER_FILE_UNREADABLE: { kind: 'invalid', message: '无法读取这个 .xlsx 文件（可能已损坏或加了密码）：请用 Excel 或 WPS 打开后重新保存' },
  ROSTER_FILE_NO_SHEET: { kind: 'invalid', message: '表格里没有工作表' },
  // ── roster preview, one problem per row and column (RosterRowError.code, rendered into its `reason`) ──
  // {column}/{header} are headers from ROSTER_COLUMNS; {position}/{otherRow} are 1-based column/row numbers
  ROW_HEADER_MISSING: { kind: 'invalid', message: '第 1 行应为表头（{headers}），请使用名册模板', params: { headers: 'text' } },
  ROW_HEADER_COLUMN_MISSING: { kind: 'invalid', message: '缺少“{header}”列（应在第 {position} 列）', params: { header: 'text', position: 'count' } },
  ROW_HEADER_COLUMN_MOVED: { kind: 'invalid', message: '“{header}”应在第 {position} 列，现在在第 {foundAt} 列，请按模板的列顺序排列', params: { header: 'text', position: 'count', foundAt: 'count' } },
  ROW_HEADER_ORDER: { kind: 'invalid', message: '列的顺序与模板不同：第 {position} 列应为“{header}”，现在是“{actual}”，请按模板的列顺序排列', params: { position: 'count', header: 'text', actual: 'text' } },
  ROW_HEADER_RENAMED: { kind: 'invalid', message: '第 {position} 列的表头应为“{header}”，现在是“{actual}”，请使用名册模板，不要改动表头', params: { position: 'count', header: 'text', actual: 'text' } },
  ROW_HEADER_EXTRA: { kind: 'invalid', message: '第 {position} 列“{actual}”不是名册模板中的列，请删除这一列', params: { position: 'count', actual: 'text' } },
  ROW_NO_DATA: { kind: 'invalid', message: '表头下面没有任何数据行：请从第 2 行起每行填写一位业主' },
  ROW_TOO_MANY: { kind: 'invalid', message: '名册最多 {maximum} 行数据，这个文件超过了上限（从这一行起是多出的部分），请核对是否有多余的行', params: { maximum: 'count' } },
  ROW_MORE_PROBLEMS: { kind: 'invalid', message: '从这一行起还有 {count} 处错误没有列出，请先改正上面的错误再重新上传', params: { count: 'count' } },
  ROW_TEMPLATE_EXAMPLE: { kind: 'invalid', message: '这是名册模板中的示例行，请删除后再导入' },
  ROW_UNHEADED_CONTENT: { kind: 'invalid', message: '第 {position} 列没有表头却填了内容，请删除或移到正确的列', params: { position: 'count' } },
  ROW_REQUIRED: { kind: 'invalid', message: '{column}不能为空', params: { column: 'text' } },
  ROW_BUILDING_FORMAT: { kind: 'invalid', message: '{column}只填数字或字母（如 1、12、A），不超过 {maximum} 个字符', params: { column: 'text', maximum: 'count' } },
  ROW_ENTRANCE_FORMAT: { kind: 'invalid', message: '{column}只填数字或字母（如 1、2），不超过 {maximum} 个字符；没有单元可以留空', params: { column: 'text', maximum: 'count' } },
  ROW_ROOM_FORMAT: { kind: 'invalid', message: '{column}只填数字或字母（如 101、1202、B301），不超过 {maximum} 个字符', params: { column: 'text', maximum: 'count' } },
  ROW_AREA_DECIMALS: { kind: 'invalid', message: '登记面积最多保留两位小数（以不动产登记为准，例如 89.52）' },
  ROW_AREA_UNIT: { kind: 'invalid', message: '登记面积只填数字，不要带单位' },
  ROW_AREA_THOUSANDS: { kind: 'invalid', message: '登记面积不要使用千位分隔符（逗号）' },
  ROW_AREA_FORMAT: { kind: 'invalid', message: '登记面积应为数字，最多两位小数，例如 89.52' },
  ROW_AREA_NOT_POSITIVE: { kind: 'invalid', message: '登记面积必须大于 0' },
  ROW_AREA_TOO_LARGE: { kind: 'invalid', message: '登记面积应小于 {maximum} ㎡，请核对', params: { maximum: 'count' } },
  ROW_DEVELOPER_FORMAT: { kind: 'invalid', message: '{column}只能填“是”或“否”（留空表示否）', params: { column: 'text' } },
  ROW_CERTIFICATE_TOO_LONG: { kind: 'invalid', message: '{column}不超过 {maximum} 个字', params: { column: 'text', maximum: 'count' } },
  ROW_DEVELOPER_WITH_OWNER: { kind: 'invalid', message: '开发商持有的房屋不填写{column}；如果已经卖给业主，请把“{developerColumn}”改为“否”', params: { column: 'text', developerColumn: 'text' } },
  ROW_OWNER_NAME_MISSING: { kind: 'invalid', message: '{column}不能为空（开发商持有的房屋请在“{developerColumn}”填“是”）', params: { column: 'text', developerColumn: 'text' } },
  ROW_OWNER_NAME_LENGTH: { kind: 'invalid', message: '{column}应为 {minimum}–{maximum} 个字', params: { column: 'text', minimum: 'count', maximum: 'count' } },
  ROW_OWNER_NAME_DIGITS: { kind: 'invalid', message: '{column}不能包含数字，请检查是否填错了列', params: { column: 'text' } },
  ROW_ID_SCIENTIFIC: { kind: 'invalid', message: '身份证号被 Excel 存成了数字（科学计数法），后几位已经丢失：请把这一列设为“文本”格式，重新填写后再导入' },
  ROW_ID_OLD_15: { kind: 'invalid', message: '请填写 18 位身份证号（15 位旧号码请换成 18 位）' },
  ROW_ID_FORMAT: { kind: 'invalid', message: '身份证号应为 18 位，前 17 位是数字，最后一位是数字或 X' },
  ROW_ID_CHECKSUM: { kind: 'invalid', message: '身份证号校验位不正确，请核对是否有抄错的数字' },
  ROW_PHONE_FORMAT: { kind: 'invalid', message: '手机号应为 11 位中国大陆手机号，例如 13812345678' },
  ROW_DEVELOPER_MISMATCH: { kind: 'invalid', message: '同一房屋在第 {otherRow} 行的“{column}”与这一行不同，各行必须一致', params: { otherRow: 'count', column: 'text' } },
  ROW_DEVELOPER_DUPLICATE: { kind: 'invalid', message: '开发商持有的房屋只填一行，这套房屋在第 {otherRow} 行已经有了', params: { otherRow: 'count' } },
  ROW_AREA_MISMATCH: { kind: 'invalid', message: '同一房屋在第 {otherRow} 行的面积是 {otherArea}，这里是 {area}；共有人各行的面积必须相同', params: { otherRow: 'count', otherArea: 'area', area: 'area' } },
  ROW_DUPLICATE_ID: { kind: 'invalid', message: '同一房屋中这个身份证号在第 {otherRow} 行已经出现过，每位共有人只填一行', params: { otherRow: 'count' } },
  ROW_PERSON_NAME_MISMATCH: { kind: 'invalid', message: '与第 {otherRow} 行身份证号相同但姓名不同：同一人名下多套房屋时姓名必须一致', params: { otherRow: 'count' } },
  ROW_PERSON_PHONE_MISMATCH: { kind: 'invalid', message: '与第 {otherRow} 行身份证号相同但手机号不同：同一人只能登记一个手机号', params: { otherRow: 'count' } },
  // cells the file reader could not turn into text (CellProblem.code)
  ROW_CELL_UNCLOSED_QUOTE: { kind: 'invalid', message: '这一格的引号没有闭合（缺少结尾的 "），请检查文件' },
  ROW_CELL_DATE: { kind: 'invalid', message: 'Excel 把这一格当成了日期（例如把“1-2”自动变成了日期）：请把这一列设为“文本”格式，重新填写后再上传' },
  ROW_CELL_NUMBER_INVALID: { kind: 'invalid', message: '这一格的数字无效，请改为普通数字' },
  ROW_CELL_ERROR_VALUE: { kind: 'invalid', message: '这一格是错误值 {value}，请改正', params: { value: 'text' } },
  ROW_CELL_FORMULA_NO_RESULT: { kind: 'invalid', message: '这一格是公式但文件里没有计算结果：请在 Excel 或 WPS 中打开并保存，或“选择性粘贴为数值”后再上传' },
  ROW_CELL_FORMULA_ERROR: { kind: 'invalid', message: '公式的结果是错误值 {value}，请改正', params: { value: 'text' } },
  ROW_CELL_UNKNOWN: { kind: 'invalid', message: '无法识别这一格的内容，请改为普通文字或数字' },
  // ── deliberation: rules of procedure (议事规则) and vote scope ──
  RULES_DRAFT_NOT_FOUND: { kind: 'not_found', message: '没有找到这份议事规则草稿' },
  RULES_NOT_DRAFT: { kind: 'state', message: '这份议事规则已经启用，不能再修改；如需调整请新建草稿' },
  RULES_DRAFT_CHANGED: { kind: 'conflict', message: '草稿在你打开或预览之后已被修改，请刷新后重新预览' },
  RULES_VERSION_MOVED: { kind: 'conflict', message: '现行议事规则在你预览之后已变为第 {version} 版，请重新预览', params: { version: 'count' } },
  RULES_UNCHANGED: { kind: 'state', message: '草稿与现行议事规则完全相同，不需要启用' },
  RULES_DOCUMENT_REQUIRED: { kind: 'invalid', message: '请先上传议事规则原件（业主大会通过的文本），再启用' },
  RULES_TOO_MANY_DRAFTS: { kind: 'state', message: '最多同时保留 {max} 份草稿，请先完成或修改已有草稿', params: { max: 'count' } },
  RULES_WINDOW_ORDER: { kind: 'invalid', message: '投票期最短天数不能多于最长天数（{max} 天）', params: { max: 'count' } },
  RULES_TEMPORARY_NOTICE_TOO_LONG: { kind: 'invalid', message: '临时会议公告期不能长于一般公告期（{noticeDays} 天）', params: { noticeDays: 'count' } },
  RULES_PAPER_REQUIRED: { kind: 'invalid', message: '只采用线上表决时，业主申请纸质票的必须提供' },
  RULES_MANDATE_REQUIRED: { kind: 'invalid', message: '允许委托投票时，代理人必须持书面委托书' },
  RULES_VERSION_NOT_FOUND: { kind: 'not_found', message: '没有找到这一版议事规则' },
  RULES_DOCUMENT_MISSING: { kind: 'not_found', message: '这一版议事规则没有附原件，请向业委会或社区居委会索取' },
  RULES_DOCUMENT_TOO_LARGE: { kind: 'invalid', message: '原件超过 {maxMb} MB，无法在线打开，请向业委会或社区居委会索取', params: { maxMb: 'count' } },
  // ── requests (诉求, issue 12) ──
  REQUEST_NOT_FOUND: { kind: 'not_found', message: '没有找到这件诉求' },
  REQUEST_UNIT_NOT_OWN: { kind: 'forbidden', message: '只能为自己的房屋提交诉求' },
  REQUEST_QUEUE_NOT_YOURS: { kind: 'forbidden', message: '只能查看本单位的工作队列' },
  REQUEST_MOVE_NOT_ALLOWED: { kind: 'state', message: '诉求现在是“{status}”，不能{move}', params: { status: 'text', move: 'text' } },
  REQUEST_ACTOR_NOT_ALLOWED: { kind: 'forbidden', message: '你不能对这件诉求{move}', params: { move: 'text' } },
  REQUEST_OWN_REQUEST: { kind: 'forbidden', message: '不能办理或派发自己提交的诉求' },
  REQUEST_TEXT_REQUIRED: { kind: 'invalid', message: '{move}需要填写{what}', params: { move: 'text', what: 'text' } },
  REQUEST_DUPLICATE_OF_INVALID: { kind: 'invalid', message: '重复的诉求必须是本小区的另一件诉求' },
  REQUEST_COSIGN_OWN: { kind: 'forbidden', message: '不能附议自己提交的诉求' },
  REQUEST_COSIGN_CLOSED: { kind: 'state', message: '只能附议公开且仍在办理中的诉求' },
  RESIDENCE_NOT_APPLICABLE: { kind: 'invalid', message: '只有批准住户登记时才需要确认居住的房屋或楼栋' },
  REQUEST_PHOTO_NOT_FOUND: { kind: 'not_found', message: '没有这张照片，或你无权查看这件诉求的照片' },
  REQUEST_TOPIC_CHOICE: { kind: 'invalid', message: '请选择一个已有议题，或填写新议题的标题和说明（二选一）' },
  REQUEST_ALREADY_LINKED: { kind: 'state', message: '这件诉求已经转为议题' },
  ROUTING_VERSION_MOVED: { kind: 'conflict', message: '分派规则在你打开之后已被保存为第 {version} 版，请刷新后重新修改', params: { version: 'count' } },
  ROUTING_RULE_MISSING: { kind: 'invalid', message: '分派规则缺少“{category}·{location}”一项', params: { category: 'text', location: 'text' } },
  ROUTING_RULE_TWICE: { kind: 'invalid', message: '分派规则中“{category}·{location}”出现了不止一次', params: { category: 'text', location: 'text' } },
  ROUTING_LIMIT_ORDER: { kind: 'invalid', message: '{org}的响应时限不能长于解决时限', params: { org: 'text' } },
  ROUTING_LADDER_MISSING: { kind: 'invalid', message: '升级顺序中缺少{org}（分派规则用到了它）', params: { org: 'text' } },
  ROUTING_LADDER_TWICE: { kind: 'invalid', message: '升级顺序中{org}出现了不止一次', params: { org: 'text' } },
  ROUTING_LADDER_CYCLE: { kind: 'invalid', message: '升级顺序从{org}出发会绕回自己，必须终止于最高一级', params: { org: 'text' } },
  SCOPE_EMPTY: { kind: 'invalid', message: '请至少选择一栋楼' },
  SCOPE_BUILDING_UNKNOWN: { kind: 'invalid', message: '名册中没有 {building} 号楼', params: { building: 'text' } },
  // ── topics (server/core/deliberation/topic.ts) ──
  TOPIC_NOT_FOUND: { kind: 'not_found', message: '没有找到这个议题' },
  TOPIC_MOVE_NOT_ALLOWED: { kind: 'state', message: '议题现在是“{stage}”阶段，不能{move}', params: { stage: 'text', move: 'text' } },
  TOPIC_ACTOR_NOT_ALLOWED: { kind: 'forbidden', message: '你不能对这个议题{move}', params: { move: 'text' } },
  TOPIC_PETITION_PROTECTED: { kind: 'state', message: '这项联名提议已达到面积和人数各 20%，业主委员会必须提交业主大会表决，不能退回或不予通过' },
  TOPIC_NOT_READY: { kind: 'state', message: '发布公告前需要至少一个表决事项和一份已发布的方案' },
  TOPIC_FROZEN: { kind: 'state', message: '表决公告已发布，表决事项和方案不能再修改' },
  VOTING_OPENS_TOO_EARLY: { kind: 'invalid', message: '公告期至少 {noticeDays} 天，表决最早从 {earliest} 开始', params: { noticeDays: 'count', earliest: 'instant' } },
  VOTING_WINDOW_LENGTH: { kind: 'invalid', message: '表决期应为 {min} 至 {max} 天', params: { min: 'count', max: 'count' } },
  VOTING_NOTICE_PERIOD: { kind: 'state', message: '公告期还没有结束，表决要到 {opensAt} 才能开始', params: { opensAt: 'instant' } },
  VOTING_WINDOW_OVER: { kind: 'state', message: '表决期已于 {closesAt} 结束，不能再开启表决', params: { closesAt: 'instant' } },
  TOPIC_PROPOSER_NOT_IN_RULES: { kind: 'forbidden', message: '本小区议事规则规定由{roles}提出议题', params: { roles: 'text' } },
  ROSTER_WRITING: { kind: 'state', message: '名册正在写入新版本，请等写入完成后再发布表决公告' },
  VOTING_WINDOW_OPEN: { kind: 'state', message: '表决期到 {closesAt} 才结束，不能提前计票', params: { closesAt: 'instant' } },
  // ── deliberation: comments, questions, moderation, petitions (server/app/deliberation/discussion*.ts, petition*.ts) ──
  COMMENT_NOT_FOUND: { kind: 'not_found', message: '没有找到这条评论' },
  DISCUSSION_CLOSED: { kind: 'state', message: '议题现在是“{stage}”阶段，只有协商议事阶段可以发表评论和提问', params: { stage: 'text' } },
  ANSWERING_CLOSED: { kind: 'state', message: '议题现在是“{stage}”阶段，不能再回答提问', params: { stage: 'text' } },
  NOT_TOPIC_OPENER: { kind: 'forbidden', message: '只有议题的发起人可以回答提问' },
  NOT_A_QUESTION: { kind: 'invalid', message: '这条是评论，不是提问，不需要回答' },
  QUESTION_ALREADY_ANSWERED: { kind: 'conflict', message: '这个提问已经回答过了' },
  COMMENT_HIDDEN: { kind: 'state', message: '这条评论已被隐藏' },
  COMMENT_NOT_HIDDEN: { kind: 'state', message: '这条评论没有被隐藏' },
  REPORT_DUPLICATE: { kind: 'conflict', message: '你已经举报过这条评论，管理员会尽快处理' },
  NO_PENDING_REPORTS: { kind: 'state', message: '这条评论没有待处理的举报' },
  OWN_COMMENT_DECISION: { kind: 'forbidden', message: '不能处理针对自己评论的举报，请由其他管理人员处理' },
  MODERATOR_NOT_IN_RULES: { kind: 'forbidden', message: '本小区议事规则规定由{roles}处理评论', params: { roles: 'text' } },
  TOPIC_NOT_PETITION: { kind: 'state', message: '这个议题不是业主联名提议' },
  PETITION_CLOSED: { kind: 'state', message: '议题现在是“{stage}”阶段，已不再征集联名', params: { stage: 'text' } },
  PETITION_REACHED: { kind: 'state', message: '联名已达到面积和人数各 20%，不再征集或撤回联名' },
  NO_UNIT_TO_COSIGN: { kind: 'forbidden', message: '你在本议题范围内没有已认证的房屋，不能联名' },
  ALREADY_COSIGNED: { kind: 'conflict', message: '你的房屋都已联名（每套房屋只能联名一次）' },
  NOT_COSIGNED: { kind: 'state', message: '你还没有联名，无需撤回' },
  // ── voting: ballots, delivery, turnout (server/app/voting) ──
  NOT_REPRESENTATIVE: { kind: 'forbidden', message: '你不是这套房屋的表决权代表，请由表决权代表投票（共有人可在“我的房屋”中查看或变更）' },
  BALLOT_STAGE: { kind: 'state', message: '议题现在是“{stage}”阶段，不在表决中', params: { stage: 'text' } },
  BALLOT_WINDOW_NOT_OPEN: { kind: 'state', message: '表决要到 {opensAt} 才开始', params: { opensAt: 'instant' } },
  BALLOT_WINDOW_CLOSED: { kind: 'state', message: '表决已于 {closesAt} 结束，不能再投票', params: { closesAt: 'instant' } },
  NOT_IN_ELECTORATE: { kind: 'forbidden', message: '这套房屋不在本次表决的范围内（以公告时冻结的名册为准）' },
  BALLOT_ITEM_UNKNOWN: { kind: 'invalid', message: '有一项不在表决公告中，不能表决（{item}）', params: { item: 'text' } },
  BALLOT_ITEM_TWICE: { kind: 'invalid', message: '“{item}”选了两次，每个事项只能选一次', params: { item: 'text' } },
  BALLOT_ITEM_MISSING: { kind: 'invalid', message: '还没有对“{item}”作出选择，请对每个事项都作出选择', params: { item: 'text' } },
  DELIVERY_REQUIRED: { kind: 'state', message: '请先阅读表决材料并确认已阅读，再投票' },
  IDEMPOTENCY_KEY_REUSED: { kind: 'conflict', message: '这次提交的编号已用于另一份不同的选票，请刷新页面后重新提交' },
  BALLOT_ONLINE_CLOSED: { kind: 'state', message: '本次表决的公告只采用纸质表决，请向业委会或社区领取纸质选票' },
  BALLOT_NOT_FOUND: { kind: 'not_found', message: '没有找到你为这套房屋投出的选票' },
  BALLOT_PAPER_REQUESTED: { kind: 'state', message: '这套房屋已申请纸质选票，线上投票已关闭；如需线上投票，请在纸质选票送达前撤回申请' },
  PAPER_NOT_OFFERED: { kind: 'state', message: '本次表决的公告没有提供纸质选票' },
  PAPER_ALREADY_REQUESTED: { kind: 'conflict', message: '这套房屋已于 {requestedAt} 申请纸质选票', params: { requestedAt: 'instant' } },
  PAPER_NOT_REQUESTED: { kind: 'state', message: '这套房屋没有申请纸质选票（或申请已撤回）' },
  PAPER_ALREADY_DELIVERED: { kind: 'state', message: '纸质选票已于 {deliveredAt} 送达，不能再撤回申请', params: { deliveredAt: 'instant' } },
  PAPER_RECEIVED_OUTSIDE_WINDOW: { kind: 'invalid', message: '收到时间不在表决期内（{opensAt} 至 {closesAt}），这张纸质选票不能录入', params: { opensAt: 'instant', closesAt: 'instant' } },
  PAPER_RECEIVED_IN_FUTURE: { kind: 'invalid', message: '收到时间晚于现在（服务器时间 {now}），请核对收到时间', params: { now: 'instant' } },
  PAPER_ENTRY_PENDING: { kind: 'conflict', message: '这套房屋已有一张纸质选票在等待复核，请先复核那一张' },
  PAPER_ENTRY_NOT_FOUND: { kind: 'not_found', message: '没有找到这条纸质选票录入记录' },
  PAPER_ENTRY_DECIDED: { kind: 'conflict', message: '这条纸质选票录入已经复核过了（{state}）', params: { state: 'text' } },
  PAPER_OWN_ENTRY: { kind: 'forbidden', message: '这张纸质选票是你录入的，必须由另一位工作人员复核（双人录入复核）' },
  PAPER_REASON_REQUIRED: { kind: 'invalid', message: '退回时请写明理由' },
  ALREADY_VOTED: { kind: 'conflict', message: '这套房屋已经投过票（回执 {receipt}），本次提交只作为无效记录保存，不会覆盖原选票', params: { receipt: 'text' } },
  // ── voting: proxies with a written mandate (server/app/voting/proxy*.ts) ──
  MANDATE_NOT_ALLOWED: { kind: 'state', message: '本次表决的议事规则不允许委托他人投票' },
  MANDATE_SCAN_REQUIRED: { kind: 'invalid', message: '本次表决须有签名的书面委托书，请拍照或扫描后上传' },
  MANDATE_EXISTS: { kind: 'conflict', message: '这套房屋在本次表决中已有一份委托（{status}），如需更换请先撤销', params: { status: 'text' } },
  MANDATE_NOT_FOUND: { kind: 'not_found', message: '没有找到这份委托' },
  MANDATE_ALREADY_USED: { kind: 'state', message: '代理人已经投票，委托不能再撤销' },
  MANDATE_CODE_WRONG: { kind: 'invalid', message: '委托码不对或已失效，还可以尝试 {attemptsLeft} 次', params: { attemptsLeft: 'count' } },
  MANDATE_CODE_LOCKED: { kind: 'state', message: '委托码输错次数太多，请在 {retryAt} 以后再试', params: { retryAt: 'instant' } },
  MANDATE_SELF: { kind: 'forbidden', message: '这是你本人开具的委托，请把委托码交给你委托的代理人' },
  MANDATE_NOT_CHECKED: { kind: 'state', message: '委托书还在等待社区核验，核验通过后才能代为投票' },
  MANDATE_REJECTED: { kind: 'state', message: '委托书核验未通过：{reason}', params: { reason: 'text' } },
  MANDATE_LAPSED: { kind: 'conflict', message: '这套房屋已经投过票（业主本人或其他方式），委托已失效；本次提交只作为无效记录保存' },
  MANDATE_INSTRUCTION_MISMATCH: { kind: 'invalid', message: '“{item}”委托人要求投“{instruction}”，请按委托书投票', params: { item: 'text', instruction: 'text' } },
  MANDATE_REVIEWED: { kind: 'state', message: '这份委托已经处理过了（{status}）', params: { status: 'text' } },
  RESULT_NOT_PUBLISHED: { kind: 'state', message: '表决结果还没有公示（议题现在是“{stage}”阶段）', params: { stage: 'text' } },
  RESULT_PAPER_PENDING: { kind: 'state', message: '还有 {count} 张纸质选票等待复核，复核完才能计票', params: { count: 'count' } },
  RESULT_OBJECTION_PERIOD: { kind: 'state', message: '公示异议期到 {endsAt} 才结束，结束后才能确认', params: { endsAt: 'instant' } },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;

type ParamValue<K extends ParamKind> = K extends 'count' | 'area' ? number : string;
type DeclaredParams<C extends ErrorCode> = (typeof ERRORS)[C] extends { params: infer P } ? P : Record<never, never>;
/** The typed parameters of one code, e.g. ErrorParams<'ROSTER_MISMATCH'> = { attemptsLeft: number }. */
export type ErrorParams<C extends ErrorCode> = { [K in keyof DeclaredParams<C>]: DeclaredParams<C>[K] extends ParamKind ? ParamValue<DeclaredParams<C>[K]> : never };
/** Codes that take parameters must be given them; codes without take none. */
export type ParamsArg<C extends ErrorCode> = keyof DeclaredParams<C> extends never ? [params?: undefined] : [params: ErrorParams<C>];

export const errorKind = (code: ErrorCode): ErrorKind => (ERRORS[code] as ErrorEntry | undefined)?.kind ?? 'internal';
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code);

function renderParam(kind: ParamKind | undefined, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'instant' && (typeof value === 'string' || typeof value === 'number')) return formatShanghai(value);
  if (kind === 'area' && typeof value === 'number') return formatArea(value);
  return String(value);
}

/** The Chinese sentence for a code and its parameters (instants in Beijing time, areas as 89.52). */
export function renderError<C extends ErrorCode>(code: C, ...[params]: ParamsArg<C> | [params?: Record<string, unknown>]): string {
  const entry = ERRORS[code] as ErrorEntry | undefined;
  if (!entry) return ERRORS.INTERNAL.message;
  const values = (params ?? {}) as Record<string, unknown>;
  return entry.message.replace(/\{(\w+)\}/g, (_, name: string) => renderParam(entry.params?.[name], values[name]));
}

export interface FieldError {
  /** dotted path of the offending field, e.g. "title" or "items.0.text" */
  field: string;
  code: ErrorCode;
  params?: Record<string, string | number>;
  /** rendered from code and params */
  message: string;
}

/** What every refusal looks like on the wire: a stable code, its typed parameters, the rendered message. */
export interface ApiError {
  code: ErrorCode;
  params?: Record<string, string | number>;
  message: string;
  fields?: FieldError[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

const hasKeys = (o: object | undefined): o is object => !!o && Object.keys(o).length > 0;

export function apiError<C extends ErrorCode>(code: C, ...args: [...ParamsArg<C>, fields?: FieldError[]]): ApiError {
  const p = args[0] as Record<string, string | number> | undefined;
  const fields = args[1] as FieldError[] | undefined;
  return {
    code,
    ...(hasKeys(p) ? { params: p } : {}),
    message: renderError(code, p as never),
    ...(fields && fields.length ? { fields } : {}),
  };
}

export function fieldError<C extends ErrorCode>(field: string, code: C, ...[params]: ParamsArg<C>): FieldError {
  const p = params as Record<string, string | number> | undefined;
  return { field, code, ...(hasKeys(p) ? { params: p } : {}), message: renderError(code, p as never) };
}

/** The subset of a zod v4 issue that we translate; kept structural so both zod and zod/mini fit. */
export interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  expected?: string;
  keys?: string[];
  message?: string;
  /** a custom check's params; `{ code: 'FIELD_BAD_CHARACTERS' }` from textCheck in types/common.ts */
  params?: Record<string, unknown>;
}

/** Human labels for field names, so messages read "标题至少需要 4 个字" instead of "title". */
export type FieldLabels = Record<string, string>;

const describeLength = (origin: string | undefined) => (origin === 'array' || origin === 'set' ? '项' : '个字');

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

const isNumeric = (origin: string | undefined) => origin === 'number' || origin === 'int' || origin === 'bigint';

/**
 * Translate one zod issue into a coded field error. `input` is the value that was parsed: zod does not
 * report inputs by default, and "missing" and "wrong type" deserve different words.
 */
export function zodIssueToFieldError(issue: ZodIssueLike, labels: FieldLabels = {}, input?: unknown): FieldError {
  const field = issue.path.map(String).join('.');
  const label = labels[field] ?? labels[String(issue.path[issue.path.length - 1] ?? '')] ?? (field || '内容');
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? fieldError(field, 'FIELD_REQUIRED', { label }) : fieldError(field, 'FIELD_INVALID', { label });
    case 'too_small':
      return isNumeric(issue.origin)
        ? fieldError(field, 'FIELD_TOO_SMALL', { label, minimum: Number(issue.minimum) })
        : fieldError(field, 'FIELD_TOO_SHORT', { label, minimum: Number(issue.minimum), unit: describeLength(issue.origin) });
    case 'too_big':
      return isNumeric(issue.origin)
        ? fieldError(field, 'FIELD_TOO_BIG', { label, maximum: Number(issue.maximum) })
        : fieldError(field, 'FIELD_TOO_LONG', { label, maximum: Number(issue.maximum), unit: describeLength(issue.origin) });
    case 'invalid_format':
      return fieldError(field, 'FIELD_INVALID', { label });
    case 'invalid_value':
      return fieldError(field, 'FIELD_NOT_ALLOWED', { label });
    case 'unrecognized_keys':
      return fieldError(field, 'FIELD_UNKNOWN', { keys: (issue.keys ?? []).join('、') });
    default:
      if (issue.code === 'custom' && issue.params?.code === 'FIELD_BAD_CHARACTERS') return fieldError(field, 'FIELD_BAD_CHARACTERS', { label });
      return fieldError(field, 'FIELD_REJECTED', { label });
  }
}

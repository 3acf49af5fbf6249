// @ts-check
// The result codes: the vendor's `Errors` table (its exact seven entries and spelling) and our complete table.
// Names: the vendor's for the codes in `Errors`, src/core/codes.rs's for the rest.
// `ResultCodes` must list src/core/codes.rs's codes, names and messages, one row per line in this form:
// the native test `codes::tests::the_shims_table_is_this_one` reads this file and ties the two.

/** @type {import('../index').ErrorsTable} */
export const Errors = Object.freeze({
  ERROR_UNKNOW: 600010,
  ERROR_CHECK_AUTH: 600025,
  ERROR_CHECK_ENV: 600008,
  ERROR_GET_TOKEN: 600011,
  ERROR_UNAVAILABLE: 600013,
  ERROR_MAX_TIME: 600014,
  ERROR_TIMEOUT: 600015,
});

/** @param {string} name @param {string} msg */
const entry = (name, msg) => Object.freeze({ name, msg });

/** @type {import('../index').ResultCodesTable} */
export const ResultCodes = Object.freeze({
  600000: entry('SUCCESS', '成功'),
  600004: entry('ERROR_SCHEME_NOT_FOUND', '方案号不存在'),
  600008: entry('ERROR_CHECK_ENV', '环境错误'),
  600010: entry('ERROR_UNKNOW', '未知异常'),
  600011: entry('ERROR_GET_TOKEN', '获取token失败'),
  600013: entry('ERROR_UNAVAILABLE', '运营商维护升级，该功能不可用'),
  600014: entry('ERROR_MAX_TIME', '运营商维护升级，该功能已达最大调用次数'),
  600015: entry('ERROR_TIMEOUT', '接口超时'),
  600018: entry('ERROR_NUMBER_BLOCKED', '号码被运营商管控'),
  600025: entry('ERROR_CHECK_AUTH', '接入方身份信息校验失败'),
  600028: entry('ERROR_PARAM', '入参错误'),
  600030: entry('ERROR_CSS', 'css属性不合规'),
  600032: entry('ERROR_BIZ_TYPE', '业务类型错误'),
  600034: entry('ERROR_PARAM_EXPIRED', '请求参数已失效'),
  700000: entry('ERROR_USER_CANCEL', '用户取消登录'),
});
